import { jsonRoute } from "#server/http/json-route.ts";
import { serveSync } from "#server/sync/serve-sync.ts";

export const dynamic = "force-dynamic";

export const GET = jsonRoute<{ table: string }>(({ request, params }) => serveSync(request, params.table));
