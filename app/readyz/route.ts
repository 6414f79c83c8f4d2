import { checkReadiness } from "#server/health/readiness.ts";

export const dynamic = "force-dynamic";

/** Readiness: 200 only when the database answers and all migrations are applied. */
export async function GET() {
  const readiness = await checkReadiness();
  const headers = { "cache-control": "no-store" };
  return readiness.ready
    ? Response.json({ status: "ready" }, { headers })
    : Response.json({ status: "not ready", reason: readiness.reason }, { status: 503, headers });
}
