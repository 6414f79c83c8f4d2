import { serveReadiness } from "#server/health/readiness.ts";

export const dynamic = "force-dynamic";

export const GET = serveReadiness;
