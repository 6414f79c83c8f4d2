import { isBanned } from "#server/auth/access.ts";
import { auth } from "#server/auth/auth.ts";
import { env } from "#server/env.ts";
import { serveShape } from "#server/sync/embedded/shape-server.ts";
import { electricUpstream, proxyShape, type ShapeUpstream } from "#server/sync/proxy.ts";
import { isSyncedTable } from "#server/sync/shapes.ts";

export const dynamic = "force-dynamic";

const upstream: ShapeUpstream = env.ELECTRIC_URL
  ? electricUpstream(env.ELECTRIC_URL, env.ELECTRIC_SECRET)
  : (query, { signal }) => serveShape(query, signal);

const refuse = (status: number, error: string) =>
  Response.json({ error }, { status, headers: { "cache-control": "no-store", vary: "cookie" } });

/** Live rows of one synced table, pinned to the signed-in account (Electric's shape protocol). */
export async function GET(request: Request, context: { params: Promise<{ table: string }> }) {
  const { table } = await context.params;
  if (!isSyncedTable(table)) return refuse(404, `"${table}" is not a synced table.`);
  const session = await auth.api.getSession({ headers: request.headers });
  if (!session) return refuse(401, "Sign-in required.");
  if (isBanned(session.user)) return refuse(403, "This account is banned.");
  return proxyShape(request, table, session.user.id, upstream);
}
