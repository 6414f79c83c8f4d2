/**
 * Rows per table of the app's schema, in one statement (test and benchmark code): what "nothing
 * was written" is checked against. Inserts and deletes show in the counts; updates of the synced
 * tables (what the browser sees) show as a newer row version (`xmin`) in `<table> written`.
 */
import type pg from "pg";
import { syncedShapes } from "../sync/shapes.ts";

export type RowCounts = Record<string, number>;

export async function rowCounter(client: pg.Client | pg.Pool) {
  const { rows } = await client.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  );
  const columns = rows.map(({ name }) => `(SELECT count(*) FROM public."${name}")::int AS "${name}"`);
  for (const name of Object.keys(syncedShapes)) {
    columns.push(
      `(SELECT coalesce(max(xmin::text::bigint), 0) FROM public."${name}")::float8 AS "${name} written"`,
    );
  }
  const sql = `SELECT ${columns.join(", ")}`;
  return async (): Promise<RowCounts> => (await client.query<RowCounts>(sql)).rows[0] ?? {};
}

/** The tables whose counts differ, with before → after. */
export function changedTables(before: RowCounts, after: RowCounts, ignore: readonly string[] = []) {
  return Object.keys(after)
    .filter((table) => !ignore.includes(table) && before[table] !== after[table])
    .map((table) => `${table} ${before[table]} → ${after[table]}`);
}
