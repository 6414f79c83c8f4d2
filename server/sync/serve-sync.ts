/**
 * GET /api/sync/[table]: live rows of one synced table, pinned to the signed-in account, in
 * Electric's shape protocol — from the real Electric service when ELECTRIC_URL is set, else from
 * the embedded shape endpoint on this server's own replication stream.
 */
import "server-only";
import { isSyncedTable } from "#common/synced-tables.ts";
import { signedInUser } from "../auth/route-access.ts";
import { env } from "../env.ts";
import { AppError } from "../errors.ts";
import { serveShape } from "./embedded/shape-server.ts";
import { electricUpstream, proxyShape, type ShapeUpstream } from "./proxy.ts";

const upstream: ShapeUpstream = env.ELECTRIC_URL
  ? electricUpstream(env.ELECTRIC_URL, env.ELECTRIC_SECRET)
  : (query, { signal }) => serveShape(query, signal);

export async function serveSync(request: Request, table: string) {
  if (!isSyncedTable(table)) throw new AppError("NOT_FOUND", `"${table}" is not a synced table.`);
  const user = await signedInUser(request, "account");
  return proxyShape(request, table, user.id, upstream);
}
