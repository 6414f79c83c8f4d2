/**
 * GET /api/sync/[table]: live rows of one synced table, pinned to the signed-in account, in
 * Electric's shape protocol — from the real Electric service when ELECTRIC_URL is set, else from
 * the embedded shape endpoint on this server's own replication stream.
 */
import "server-only";
import { AppError } from "../app-error.ts";
import { signedInUser } from "../auth/route-access.ts";
import { env } from "../env.ts";
import { routeHandler } from "../route-handler.ts";
import { serveShape } from "./embedded/shape-server.ts";
import { electricUpstream, proxyShape, type ShapeUpstream } from "./proxy.ts";
import { isSyncedTable } from "./shapes.ts";

const upstream: ShapeUpstream = env.ELECTRIC_URL
  ? electricUpstream(env.ELECTRIC_URL, env.ELECTRIC_SECRET)
  : (query, { signal }) => serveShape(query, signal);

export const serveSync = routeHandler<{ table: string }>(
  async ({ request, params: { table } }) => {
    if (!isSyncedTable(table)) throw new AppError("NOT_FOUND", `"${table}" is not a synced table.`);
    const user = await signedInUser(request, "account");
    return proxyShape(request, table, user.id, upstream);
  },
  // Like the shapes themselves (proxy.ts): an answer that depends on the session cookie.
  { headers: { vary: "cookie" } },
);
