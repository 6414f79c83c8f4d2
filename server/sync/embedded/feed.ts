/**
 * Reading the change feed (sync_changes) and the rows it points at, as Electric would send them:
 * every value in Postgres text format, in Electric's display settings (the sync pool's).
 *
 * Order and completeness: changes are read in (txid, id) order, and only from transactions older
 * than the oldest one still running (the snapshot's xmin). Every transaction below that is over,
 * so no change can later appear behind an offset a client has already passed.
 */
import type pg from "pg";
import { syncPool } from "../../db.ts";
import { type SyncedTable, syncedShapes } from "../shapes.ts";

export type Offset = { txid: string; id: string };
export type FeedChange = {
  txid: string;
  id: string;
  rowId: string;
  operation: "insert" | "update" | "delete";
};

export type Row = Record<string, string | null>;

export const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const selectList = (table: SyncedTable) =>
  syncedShapes[table].map((c) => `${quote(c)}::text AS ${quote(c)}`).join(", ");

/**
 * A response carries at most PAGE rows or changes, and stops once they pass PAGE_BYTES (one row
 * always goes), so no account, however large, makes one response hold much of it in memory.
 */
export const PAGE = 1_000;
const PAGE_BYTES = 4_000_000;

/**
 * A row's size as the page budget counts it, in SQL on the table's alias `t`: the size the
 * transcript tables record at write time (their text can be megabytes; converting it just to
 * measure would cost what reading it does), the row's text elsewhere (small rows).
 */
export function rowBytes(table: SyncedTable) {
  return table === "agent_messages" || table === "agent_tool_calls"
    ? "t.stored_bytes"
    : "octet_length(t::text)";
}

/** How many of the sized items, in order, fit one response. */
export function fitPage(sizes: number[]) {
  let total = 0;
  let kept = 0;
  for (const size of sizes.slice(0, PAGE)) {
    total += size;
    if (kept > 0 && total > PAGE_BYTES) break;
    kept++;
  }
  return kept;
}

/** Runs `read` in one read-only snapshot, so what it sizes is what it then reads. */
export async function inSnapshot<T>(read: (client: pg.PoolClient) => Promise<T>) {
  const client = await syncPool.connect();
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const result = await read(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

export async function currentXmin(client: pg.PoolClient | pg.Pool = syncPool) {
  const result = await client.query<{ xmin: string }>(
    "SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin",
  );
  return result.rows[0]?.xmin ?? "0";
}

/**
 * Changes after `offset` that are safe to hand out, with the rows they point at (absent where the
 * row has since gone), within one page. `through` is how far the caller may advance when nothing
 * came back; `full` says more changes may follow at once.
 */
export async function readChanges(table: SyncedTable, accountId: string, offset: Offset) {
  // The bound is taken first and then applied: every transaction below it had finished by then,
  // so all its changes are readable, and none can appear below it later.
  const bound = await currentXmin(syncPool);
  return inSnapshot(async (client) => {
    const changes = await client.query<FeedChange & { row_id: string }>(
      `SELECT txid::text, id::text, row_id::text, operation FROM sync_changes
       WHERE table_name = $1 AND account_id = $2 AND (txid, id) > ($3::xid8, $4::bigint) AND txid < $5::xid8
       ORDER BY txid, id LIMIT ${PAGE}`,
      [table, accountId, offset.txid, offset.id, bound],
    );
    let feed = changes.rows.map((row) => ({ ...row, rowId: row.row_id }));
    const rowIds = (list: FeedChange[]) => [
      ...new Set(list.filter((c) => c.operation !== "delete").map((c) => c.rowId)),
    ];
    // Each change is sent with its row's current value: a row changed ten times counts ten times.
    const sizes = new Map<string, number>();
    const wanted = rowIds(feed);
    if (wanted.length) {
      const sized = await client.query<{ id: string; size: string }>(
        `SELECT t.id::text AS id, ${rowBytes(table)}::bigint AS size FROM ${quote(table)} t
         WHERE t.account_id = $1 AND t.id = ANY($2::uuid[])`,
        [accountId, wanted],
      );
      for (const row of sized.rows) sizes.set(row.id, Number(row.size));
    }
    const kept = fitPage(feed.map((c) => (c.operation === "delete" ? 0 : (sizes.get(c.rowId) ?? 0))));
    const cut = kept < feed.length;
    feed = feed.slice(0, kept);
    const rows = new Map<string, Row>();
    const needed = rowIds(feed);
    if (needed.length) {
      const current = await client.query<Row>(
        `SELECT ${selectList(table)} FROM ${quote(table)} WHERE account_id = $1 AND id = ANY($2::uuid[])`,
        [accountId, needed],
      );
      for (const row of current.rows) rows.set(row.id ?? "", row);
    }
    const full = cut || changes.rows.length === PAGE;
    return { changes: feed, rows, through: full ? null : bound, full };
  });
}

/**
 * The retention watermark: offsets at or below it point into pruned history. It also numbers the
 * feed's generations, so a shape handed out after a prune gets a handle the old one is not.
 */
export async function feedGeneration(client: pg.PoolClient | pg.Pool = syncPool) {
  const result = await client.query<{ pruned_until: string }>(
    "SELECT pruned_until::text FROM sync_feed WHERE id = 1",
  );
  return result.rows[0]?.pruned_until ?? "0";
}

export const isPruned = (offset: Offset, generation: string) => BigInt(offset.txid) <= BigInt(generation);

/** Column types for `electric-schema`, read once per table from the catalog. */
const schemas = new Map<SyncedTable, Promise<Record<string, object>>>();
export function readSchema(table: SyncedTable) {
  let schema = schemas.get(table);
  if (!schema) {
    schema = syncPool
      .query<{ column_name: string; udt_name: string; is_nullable: string }>(
        `SELECT column_name, udt_name, is_nullable FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name = $1`,
        [table],
      )
      .then(({ rows }) => {
        const byName = new Map(rows.map((row) => [row.column_name, row]));
        return Object.fromEntries(
          syncedShapes[table].map((column) => {
            const info = byName.get(column);
            return [
              column,
              {
                type: info?.udt_name ?? "text",
                ...(column === "id" ? { pk_index: 0 } : {}),
                ...(info?.is_nullable === "NO" ? { not_null: true } : {}),
              },
            ];
          }),
        );
      });
    schema.catch(() => schemas.delete(table));
    schemas.set(table, schema);
  }
  return schema;
}

/** Drops changes older than the retention and records how far it dropped. */
export async function pruneFeed(olderThanMinutes: number) {
  const result = await syncPool.query<{ pruned: number }>(
    `WITH gone AS (
       DELETE FROM sync_changes
       WHERE created_at < now() - make_interval(mins => $1)
         -- never a running transaction's changes, so the watermark stays below every live offset
         AND txid < pg_snapshot_xmin(pg_current_snapshot())
       RETURNING txid
     ), mark AS (
       UPDATE sync_feed SET pruned_until = GREATEST(pruned_until, (SELECT max(txid) FROM gone))
       WHERE id = 1 AND EXISTS (SELECT 1 FROM gone)
     )
     SELECT count(*)::int AS pruned FROM gone`,
    [olderThanMinutes],
  );
  return result.rows[0]?.pruned ?? 0;
}
