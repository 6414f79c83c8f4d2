/**
 * The shape proxy behind GET /api/sync/[table]. The server alone defines the shape (table,
 * columns, `account_id = $1` with the caller's id, the secret); from the browser only Electric's
 * protocol parameters pass. Responses keep every `electric-*` header, lose the encoding headers
 * fetch() made stale, and are never stored by any cache: the URL carries no user id.
 */
import "server-only";
import { ELECTRIC_PROTOCOL_QUERY_PARAMS } from "@electric-sql/client";
import type { SyncedTable } from "#common/synced-tables.ts";
import { ACCOUNT_WHERE, syncedShapes } from "./shapes.ts";

/** Sends a shape request (Electric's query string) upstream: real Electric, or the embedded server. */
export type ShapeUpstream = (
  query: URLSearchParams,
  init: { signal: AbortSignal; ifNoneMatch: string | null },
) => Promise<Response>;

// Subsets are not used, so their filters (a boolean oracle on unsynced columns) never pass; nor
// does SSE, which the embedded server does not speak.
const FORWARDED = new Set(
  ELECTRIC_PROTOCOL_QUERY_PARAMS.filter((name) => !name.startsWith("subset__") && !name.includes("live_sse")),
);
const DROPPED_HEADERS = [
  "content-encoding",
  "content-length",
  "transfer-encoding",
  "connection",
  "access-control-allow-origin",
  "access-control-expose-headers",
  "access-control-allow-methods",
];

/** Electric's query string for the caller's shape of `table`. */
function shapeQuery(browserQuery: URLSearchParams, table: SyncedTable, accountId: string) {
  const query = new URLSearchParams();
  for (const [name, value] of browserQuery) if (FORWARDED.has(name)) query.set(name, value);
  query.set("table", table);
  query.set("columns", syncedShapes[table].join(","));
  query.set("where", ACCOUNT_WHERE);
  query.set("params[1]", accountId);
  query.sort();
  return query;
}

export async function proxyShape(
  request: Request,
  table: SyncedTable,
  accountId: string,
  upstream: ShapeUpstream,
) {
  const query = shapeQuery(new URL(request.url).searchParams, table, accountId);
  const response = await upstream(query, {
    signal: request.signal,
    ifNoneMatch: request.headers.get("if-none-match"),
  });
  const headers = new Headers(response.headers);
  for (const name of DROPPED_HEADERS) headers.delete(name);
  // Electric's caching (a week for a shape's first chunk) is meant for a CDN in front of shared
  // shapes. These are one account's rows: no shared cache may keep them, nor the browser's, where a
  // transcript would stay on disk, readable after sign-out. The client does not rely on it: it
  // tracks offsets itself, live requests are unique (cursor), and a reload refetches the snapshot.
  headers.set("cache-control", "no-store");
  headers.set("vary", "cookie");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/** The real Electric service: `GET <ELECTRIC_URL>/v1/shape` with the secret. */
export function electricUpstream(baseUrl: string, secret: string | undefined): ShapeUpstream {
  return (query, { signal, ifNoneMatch }) => {
    const url = new URL("/v1/shape", baseUrl);
    url.search = query.toString();
    if (secret) url.searchParams.set("secret", secret);
    return fetch(url, {
      signal,
      cache: "no-store",
      headers: ifNoneMatch ? { "if-none-match": ifNoneMatch } : undefined,
    });
  };
}
