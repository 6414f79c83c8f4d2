/**
 * The embedded shape endpoint: Electric's HTTP shape protocol served from the change log, for
 * development, tests and single-machine installs (no ELECTRIC_URL). It serves exactly the shapes
 * the proxy defines — one table, `"account_id" = $1`, the allow-listed columns — and answers like
 * Electric: the snapshot from offset -1 in pages the client follows until up-to-date, offsets
 * and handles, `electric-schema`, long-polls that answer on change or after the hold with an
 * up-to-date message, and 409 must-refetch with a new handle when a handle does not match the
 * shape or its offset is older than the log keeps.
 */
import "server-only";
import { createHash } from "node:crypto";
import type { SyncedTable } from "#common/synced-tables.ts";
import { env } from "../../env.ts";
import { ACCOUNT_WHERE, isSyncedTable, syncedShapes } from "../shapes.ts";
import {
  type Change,
  type ChangeLog,
  compareOffsets,
  type Offset,
  offsetText,
  shapeKey,
} from "./change-log.ts";
import { changeLog } from "./replication.ts";
import { fitPage, readSchema } from "./rows.ts";
import { parsePosition, positionOffset, readSnapshotPage, type SnapshotPosition } from "./snapshot.ts";

type Message = Record<string, unknown>;

/**
 * Handles are `<shape>-<floor>`: the shape part is fixed by table, columns and account, so a
 * handle never serves another account; the floor is the oldest LSN the log kept at issue, so a
 * handle issued after history moved on differs from the ones before.
 */
function shapeDigest(table: SyncedTable, accountId: string) {
  return createHash("sha256")
    .update(`${table}|${syncedShapes[table].join(",")}|${accountId}`)
    .digest("hex")
    .slice(0, 20);
}

const upToDate = (offset: Offset): Message => ({
  headers: { control: "up-to-date", global_last_seen_lsn: String(offset.lsn) },
});
const handleFor = (digest: string, log: ChangeLog) => `${digest}-${log.floor.lsn}`;
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

/** Offsets as this server hands them out; anything else is refused. */
type Requested =
  | { kind: "start" }
  | { kind: "now" }
  | { kind: "log"; offset: Offset }
  | { kind: "page"; position: SnapshotPosition };

const LSN_MAX = (1n << 64n) - 1n;

function parseOffset(text: string): Requested | null {
  if (text === "-1") return { kind: "start" };
  if (text === "now") return { kind: "now" };
  const [, lsn = "", op = ""] = /^(0|[1-9]\d{0,19})_(0|[1-9]\d{0,57})$/.exec(text) ?? [];
  if (lsn === "0") {
    const position = parsePosition(op);
    return position ? { kind: "page", position } : null;
  }
  if (!lsn || BigInt(lsn) > LSN_MAX || op.length > 9) return null;
  return { kind: "log", offset: { lsn: BigInt(lsn), op: Number(op) } };
}

function toMessages(changes: Change[]): Message[] {
  return changes.map((change) => ({
    key: keyOf(change.table, change.value.id ?? ""),
    value: change.value,
    headers: { operation: change.operation, relation: ["public", change.table] },
  }));
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
  const log = await changeLog();
  if (requested.kind === "start") return snapshotPage(table, accountId, handleFor(digest, log), null, log);

  const handle = query.get("handle") ?? "";
  // Only this shape's handles, exactly as issued: the handle is echoed in a response header.
  if (!new RegExp(`^${digest}-\\d{1,20}$`).test(handle)) return mustRefetch(handleFor(digest, log));
  if (requested.kind === "page") {
    // The history this snapshot continues into must still be here.
    if (!log.covers(requested.position.resume)) return mustRefetch(handleFor(digest, log));
    return snapshotPage(table, accountId, handle, requested.position, log);
  }
  let offset = requested.kind === "now" ? log.head : requested.offset;
  if (!log.covers(offset)) return mustRefetch(handleFor(digest, log));

  const key = shapeKey(table, accountId);
  const deadline = Date.now() + (live ? env.SYNC_LONG_POLL_MS : 0);
  for (;;) {
    const subscription = live ? log.subscribe(key) : null;
    try {
      const batch = log.changesAfter(key, offset, fitPage);
      const last = batch.changes.at(-1)?.offset;
      // With nothing more for this shape, it has seen everything up to the log's head.
      const next = last ?? (batch.more || compareOffsets(log.head, offset) < 0 ? offset : log.head);
      const messages = toMessages(batch.changes);
      if (messages.length > 0 || !live || Date.now() >= deadline || signal.aborted) {
        return shapeResponse(table, handle, next, batch.more ? messages : [...messages, upToDate(next)], {
          live,
          cursor: query.get("cursor"),
        });
      }
      offset = next;
      await waitForChange(subscription?.changed, deadline, signal);
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
  handle: string,
  from: SnapshotPosition | null,
  log: ChangeLog,
) {
  // Taken before the rows are read: see ChangeLog.resumePoint.
  const resume = from?.resume ?? log.resumePoint();
  const page = await readSnapshotPage(table, accountId, from);
  const messages: Message[] = page.rows.map((row) => ({
    key: keyOf(table, row.id ?? ""),
    value: row,
    headers: { operation: "insert", relation: ["public", table] },
  }));
  const headers: Record<string, string> = {
    "electric-handle": handle,
    "electric-offset": page.next ? positionOffset({ resume, after: page.next }) : offsetText(resume),
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

/** Until the shape changes, `until` passes or the client leaves. */
function waitForChange(changed: Promise<void> | undefined, until: number, signal: AbortSignal) {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, Math.max(0, until - Date.now()));
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    signal.addEventListener("abort", done, { once: true });
    changed?.then(done);
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
