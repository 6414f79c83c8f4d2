/**
 * Reading shape rows from the tables, as Electric would send them: every value in Postgres text
 * format, in Electric's display settings (the sync pool's); page sizes; column types.
 */
import "server-only";
import type pg from "pg";
import type { SyncedTable } from "#common/synced-tables.ts";
import { syncPool } from "../../db.ts";
import { syncedShapes } from "../shapes.ts";

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
