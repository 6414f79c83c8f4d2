import { serveSync } from "#server/sync/serve-sync.ts";

export const dynamic = "force-dynamic";

export const GET = serveSync;
