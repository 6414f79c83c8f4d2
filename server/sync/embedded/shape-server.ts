/**
 * The embedded shape endpoint: Electric's HTTP shape protocol served from the change feed, for
 * development, tests and single-machine installs (no ELECTRIC_URL). It serves exactly the shapes
 * the proxy defines — one table, `"account_id" = $1`, the allow-listed columns — and answers like
 * Electric: the snapshot from offset -1 in pages the client follows until up-to-date, offsets
 * and handles, `electric-schema`, long-polls that answer on change or after the hold with an
 * up-to-date message, and 409 must-refetch with a new handle when a handle does not match the
 * shape or its offset was pruned.
 */
import { createHash } from "node:crypto";
import { env } from "../../env.ts";
import { ACCOUNT_WHERE, isSyncedTable, type SyncedTable, syncedShapes } from "../shapes.ts";
import { subscribe } from "./change-listener.ts";
import {
  currentXmin,
  type FeedChange,
  feedGeneration,
  isPruned,
  type Offset,
  type Row,
  readChanges,
  readSchema,
} from "./feed.ts";
import { parsePosition, positionOffset, readSnapshotPage, type SnapshotPosition } from "./snapshot.ts";

type Message = Record<string, unknown>;

/**
 * Handles are `<shape>-<generation>`: the shape part is fixed by table, columns and account, so a
 * handle never serves another account; the generation is the feed's retention watermark at issue.
 */
function shapeDigest(table: SyncedTable, accountId: string) {
  return createHash("sha256")
    .update(`${table}|${syncedShapes[table].join(",")}|${accountId}`)
    .digest("hex")
    .slice(0, 20);
}

const upToDate = (offset: Offset): Message => ({
  headers: { control: "up-to-date", global_last_seen_lsn: offset.txid },
});
const offsetText = (offset: Offset) => `${offset.txid}_${offset.id}`;
const keyOf = (table: SyncedTable, id: string) => `"public"."${table}"/"${id.replaceAll("/", "//")}"`;

function badRequest(message: string) {
  return Response.json({ message }, { status: 400, headers: { "cache-control": "no-store" } });
}

function mustRefetch(handle: string) {
  return Response.json([{ headers: { control: "must-refetch" } }], {
    status: 409,
    headers: { "electric-handle": handle, "cache-control": "public, max-age=60, must-revalidate" },
  });
}

/** Offsets as this server hands them out; anything else is refused before it reaches SQL. */
type Requested =
  | { kind: "start" }
  | { kind: "now" }
  | { kind: "feed"; offset: Offset }
  | { kind: "page"; position: SnapshotPosition };

const XID8_MAX = (1n << 64n) - 1n;
const BIGINT_MAX = (1n << 63n) - 1n;

function parseOffset(text: string): Requested | null {
  if (text === "-1") return { kind: "start" };
  if (text === "now") return { kind: "now" };
  const [, txid = "", id = ""] = /^(0|[1-9]\d{0,19})_(0|[1-9]\d{0,57})$/.exec(text) ?? [];
  if (txid === "0") {
    const position = parsePosition(id);
    return position ? { kind: "page", position } : null;
  }
  if (!txid || BigInt(txid) > XID8_MAX || BigInt(id) > BIGINT_MAX) return null;
  return { kind: "feed", offset: { txid, id } };
}

function toMessages(table: SyncedTable, changes: FeedChange[], rows: Map<string, Row>) {
  const messages: Message[] = [];
  for (const change of changes) {
    const headers = { operation: change.operation, relation: ["public", table] };
    if (change.operation === "delete") {
      messages.push({ key: keyOf(table, change.rowId), value: { id: change.rowId }, headers });
      continue;
    }
    // A row that has since left the shape is announced by the delete that follows in the feed.
    const row = rows.get(change.rowId);
    if (row) messages.push({ key: keyOf(table, change.rowId), value: row, headers });
  }
  return messages;
}

/** Serves one shape request given Electric's query string (as the proxy builds it). */
export async function serveShape(query: URLSearchParams, signal: AbortSignal): Promise<Response> {
  const table = query.get("table") ?? "";
  const accountId = query.get("params[1]");
  if (!isSyncedTable(table) || query.get("where") !== ACCOUNT_WHERE || !accountId) {
    return badRequest("This endpoint serves only the app's own account-pinned shapes.");
  }
  const digest = shapeDigest(table, accountId);
  const offsetParam = query.get("offset") ?? "-1";
  const requested = parseOffset(offsetParam);
  if (!requested) return badRequest(`Invalid offset "${offsetParam.slice(0, 100)}".`);
  const live = query.get("live") === "true";
  if (requested.kind === "start") return snapshotPage(table, accountId, digest, null);

  const generation = await feedGeneration();
  const handle = query.get("handle") ?? "";
  // Only this shape's handles, exactly as issued: the handle is echoed in a response header.
  if (!new RegExp(`^${digest}-\\d{1,20}$`).test(handle)) return mustRefetch(`${digest}-${generation}`);
  if (requested.kind === "page") {
    // The feed this snapshot continues into must still be there.
    if (isPruned({ txid: requested.position.xmin, id: "0" }, generation)) {
      return mustRefetch(`${digest}-${generation}`);
    }
    return snapshotPage(table, accountId, digest, { handle, position: requested.position });
  }
  let offset = requested.kind === "now" ? { txid: await currentXmin(), id: "0" } : requested.offset;
  if (isPruned(offset, generation)) return mustRefetch(`${digest}-${generation}`);

  const deadline = Date.now() + (live ? env.SYNC_LONG_POLL_MS : 0);
  // Set while a notified change is not readable yet (an older transaction still running).
  let pollMs = 0;
  for (;;) {
    const subscription = live ? await subscribe(`${table}:${accountId}`) : null;
    try {
      const batch = await readChanges(table, accountId, offset);
      const messages = toMessages(table, batch.changes, batch.rows);
      const last = batch.changes.at(-1);
      const next = last
        ? { txid: last.txid, id: last.id }
        : batch.through
          ? { txid: batch.through, id: "0" }
          : offset;
      const caughtUp = !batch.full;
      if (messages.length > 0 || !live || Date.now() >= deadline || signal.aborted) {
        return shapeResponse(table, handle, next, caughtUp ? [...messages, upToDate(next)] : messages, {
          live,
          cursor: query.get("cursor"),
        });
      }
      offset = next;
      const until = pollMs ? Math.min(deadline, Date.now() + pollMs) : deadline;
      const woke = await waitForChange(subscription?.changed, until, signal);
      pollMs = woke === "changed" ? 10 : pollMs && Math.min(pollMs * 2, 250);
    } finally {
      subscription?.cancel();
    }
  }
}

/**
 * One page of the snapshot (`from` null: the first, which also names the shape's handle). Pages
 * end without up-to-date; the client asks for the next at the page's offset until the last page,
 * which ends with up-to-date at the offset the feed continues from.
 */
async function snapshotPage(
  table: SyncedTable,
  accountId: string,
  digest: string,
  from: { handle: string; position: SnapshotPosition } | null,
) {
  const page = await readSnapshotPage(table, accountId, from?.position ?? null);
  const messages: Message[] = page.rows.map((row) => ({
    key: keyOf(table, row.id ?? ""),
    value: row,
    headers: { operation: "insert", relation: ["public", table] },
  }));
  const resume = { txid: page.xmin, id: "0" };
  const headers: Record<string, string> = {
    "electric-handle": from?.handle ?? `${digest}-${page.generation}`,
    "electric-offset": page.next ? positionOffset(page.next) : offsetText(resume),
    "electric-schema": JSON.stringify(await readSchema(table)),
    // As Electric caches them: a shape's first chunk for long, later ones as other non-live reads.
    "cache-control": from
      ? "public, max-age=60, stale-while-revalidate=300"
      : "public, max-age=604800, s-maxage=3600, stale-while-revalidate=2629746",
  };
  if (!page.next) {
    messages.push(upToDate(resume));
    headers["electric-up-to-date"] = "";
  }
  return Response.json(messages, { headers });
}

/**
 * Until the shape changes, `until` passes or the client leaves. A notification can arrive before
 * the writing transaction is readable (an older one still running): the caller then polls briefly.
 */
function waitForChange(changed: Promise<void> | undefined, until: number, signal: AbortSignal) {
  return new Promise<"changed" | "timeout" | "aborted">((resolve) => {
    const timer = setTimeout(() => resolve("timeout"), Math.max(0, until - Date.now()));
    signal.addEventListener("abort", () => resolve("aborted"), { once: true });
    changed?.then(() => {
      clearTimeout(timer);
      resolve("changed");
    });
  });
}

let cursor = 0;

async function shapeResponse(
  table: SyncedTable,
  handle: string,
  offset: Offset,
  messages: Message[],
  request: { live: boolean; cursor: string | null },
) {
  const headers: Record<string, string> = {
    "electric-handle": handle,
    "electric-offset": offsetText(offset),
  };
  const lastHeaders = messages.at(-1)?.headers as { control?: string } | undefined;
  if (lastHeaders?.control === "up-to-date") headers["electric-up-to-date"] = "";
  if (request.live) {
    // A cursor that differs from the request's, as Electric's interval cursor does.
    cursor = Math.max(cursor + 1, Math.floor(Date.now() / 1000));
    if (String(cursor) === request.cursor) cursor++;
    headers["electric-cursor"] = String(cursor);
    headers["cache-control"] = "public, max-age=5, stale-while-revalidate=5";
    if (messages.length === 1) headers["electric-has-data"] = "false";
  } else {
    headers["electric-schema"] = JSON.stringify(await readSchema(table));
    headers["cache-control"] = "public, max-age=60, stale-while-revalidate=300";
  }
  return Response.json(messages, { headers });
}
