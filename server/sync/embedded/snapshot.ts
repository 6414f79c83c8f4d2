/**
 * The initial snapshot of a shape, in pages by row id, so a large account never has to fit in
 * one response. The first page fixes where the change log continues from (its resume point,
 * taken before the page is read). Later pages read newer states of later rows, and every change
 * from the resume point on follows from the log with the row's values, so the client ends where
 * the database is.
 */
import "server-only";
import type pg from "pg";
import type { SyncedTable } from "#common/synced-tables.ts";
import type { Offset, Row } from "./change-log.ts";
import { fitPage, inSnapshot, PAGE, quote, rowBytes, selectList } from "./rows.ts";

/** Where a snapshot stands between pages: the log's resume point and the last row id sent. */
export type SnapshotPosition = { resume: Offset; after: string };

const ID_BITS = 128n;
const ID_MASK = (1n << ID_BITS) - 1n;
/** An LSN is 64 bits, so a position is at most 192. */
const POSITION_LIMIT = 1n << (64n + ID_BITS);

/**
 * A page's position as an Electric offset: `0_<n>`, with the resume LSN in n's high bits and the
 * row id (a UUID, 128 bits) in its low ones. No log offset has LSN 0, and the client treats
 * offsets as opaque, so the position travels without any state on the server.
 */
export function positionOffset({ resume, after }: SnapshotPosition) {
  return `0_${(resume.lsn << ID_BITS) | BigInt(`0x${after.replaceAll("-", "")}`)}`;
}

/** The position in a `0_<n>` offset; null when n cannot be one. */
export function parsePosition(op: string): SnapshotPosition | null {
  if (!/^\d{1,58}$/.test(op)) return null;
  const n = BigInt(op);
  const lsn = n >> ID_BITS;
  if (n >= POSITION_LIMIT || lsn === 0n) return null;
  const hex = (n & ID_MASK).toString(16).padStart(32, "0");
  const after = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  // Op 0 of the resume commit: the rest of that commit is sent again, which is harmless.
  return { resume: { lsn, op: 0 }, after };
}

/**
 * The account's rows after `position.after` (from the first one without it), one page of them.
 * `next` is where the following page starts, or null when this one is the last.
 */
export async function readSnapshotPage(
  table: SyncedTable,
  accountId: string,
  position: SnapshotPosition | null,
) {
  return inSnapshot(async (client) => {
    const range = position ? "AND t.id > $2::uuid" : "";
    const params = position ? [accountId, position.after] : [accountId];
    const sized = await client.query<{ id: string; size: string }>(
      `SELECT t.id::text AS id, ${rowBytes(table)}::bigint AS size FROM ${quote(table)} t
       WHERE t.account_id = $1 ${range} ORDER BY t.id LIMIT ${PAGE + 1}`,
      params,
    );
    const kept = fitPage(sized.rows.map((row) => Number(row.size)));
    const last = sized.rows[kept - 1]?.id;
    const rows = last ? await readThrough(client, table, range, [...params, last]) : [];
    const next = last && kept < sized.rows.length ? last : null;
    return { rows, next };
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
