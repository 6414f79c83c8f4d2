"use client";

import type { Row } from "@electric-sql/client";
import { useShape } from "@electric-sql/react";
import type { SyncedTable } from "#common/synced-tables.ts";

const parser = { timestamptz: (value: string) => new Date(value) };

/**
 * The account's rows of a synced table, live (Electric shape through /api/sync). Client-only:
 * the shape URL must be absolute. The server pins every shape to the session's account; `for`
 * only gives each account its own client-side stream, so a sign-in or sign-out switches at once.
 */
export function useSyncedRows<T>(table: SyncedTable, accountId: string) {
  const url = new URL(`/api/sync/${table}?for=${encodeURIComponent(accountId)}`, window.location.origin).href;
  const { data, isLoading, error } = useShape<Row<Date>>({ url, parser });
  // The columns are the table's allow-list (common/synced-tables.ts), which T spells out.
  return { rows: data as unknown as T[], isLoading, error };
}
