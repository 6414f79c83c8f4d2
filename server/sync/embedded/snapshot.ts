/**
 * The initial snapshot of a shape, in pages by row id, so a large account never has to fit in
 * one response. The first page fixes where the change feed continues from: the xmin of its
 * snapshot. Later pages read newer states of later rows, and every change from that xmin on
 * follows in the feed with the row's current value, so the client ends where the database is.
 */
import type pg from "pg";
import type { SyncedTable } from "../shapes.ts";
import {
  currentXmin,
  feedGeneration,
  fitPage,
  inSnapshot,
  PAGE,
  quote,
  type Row,
  rowBytes,
  selectList,
} from "./feed.ts";

/** Where a snapshot stands between pages: the feed's resume point and the last row id sent. */
export type SnapshotPosition = { xmin: string; after: string };

const ID_BITS = 128n;
const ID_MASK = (1n << ID_BITS) - 1n;
/** xid8 is 64 bits, so a position is at most 192. */
const POSITION_LIMIT = 1n << (64n + ID_BITS);

/**
 * A page's position as an Electric offset: `0_<n>`, with the xmin in n's high bits and the row
 * id (a UUID, 128 bits) in its low ones. No feed offset has txid 0, and the client treats offsets
 * as opaque, so the position travels without any state on the server.
 */
export function positionOffset({ xmin, after }: SnapshotPosition) {
  return `0_${(BigInt(xmin) << ID_BITS) | BigInt(`0x${after.replaceAll("-", "")}`)}`;
}

/** The position in a `0_<n>` offset; null when n cannot be one. */
export function parsePosition(op: string): SnapshotPosition | null {
  if (!/^\d{1,58}$/.test(op)) return null;
  const n = BigInt(op);
  const xmin = n >> ID_BITS;
  if (n >= POSITION_LIMIT || xmin === 0n) return null;
  const hex = (n & ID_MASK).toString(16).padStart(32, "0");
  const after = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { xmin: xmin.toString(), after };
}

/**
 * The account's rows after `after.after` (from the first one without it), one page of them.
 * `next` is where the following page starts, or null when this one is the last.
 */
export async function readSnapshotPage(
  table: SyncedTable,
  accountId: string,
  after: SnapshotPosition | null,
) {
  return inSnapshot(async (client) => {
    const range = after ? "AND t.id > $2::uuid" : "";
    const params = after ? [accountId, after.after] : [accountId];
    const sized = await client.query<{ id: string; size: string }>(
      `SELECT t.id::text AS id, ${rowBytes(table)}::bigint AS size FROM ${quote(table)} t
       WHERE t.account_id = $1 ${range} ORDER BY t.id LIMIT ${PAGE + 1}`,
      params,
    );
    const kept = fitPage(sized.rows.map((row) => Number(row.size)));
    const last = sized.rows[kept - 1]?.id;
    const rows = last ? await readThrough(client, table, range, [...params, last]) : [];
    // The first page's snapshot is the one the feed continues from.
    const xmin = after?.xmin ?? (await currentXmin(client));
    const generation = await feedGeneration(client);
    const next = last && kept < sized.rows.length ? { xmin, after: last } : null;
    return { rows, xmin, generation, next };
  });
}

async function readThrough(client: pg.PoolClient, table: SyncedTable, range: string, params: string[]) {
  const result = await client.query<Row>(
    `SELECT ${selectList(table)} FROM ${quote(table)} t
     WHERE t.account_id = $1 ${range} AND t.id <= $${params.length}::uuid ORDER BY t.id`,
    params,
  );
  return result.rows;
}
