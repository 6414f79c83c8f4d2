"use client";

import type { ReactTable } from "@tanstack/react-table";
import { useId } from "react";
import styles from "./data-table.module.css";
import type { Features } from "./table-features.ts";
import type { TableRow } from "./table-model.ts";

export const PAGE_SIZES = [25, 50, 100] as const;

const integer = new Intl.NumberFormat("en");

/** Rows per page, where the page is, and first / previous / next / last; absent for one short page. */
export function TablePager({ table }: { table: ReactTable<Features, TableRow> }) {
  const sizeId = useId();
  const rowCount = table.getRowCount();
  if (rowCount <= PAGE_SIZES[0]) return null;
  const { pageIndex, pageSize } = table.state.pagination;
  const first = pageIndex * pageSize + 1;
  const last = Math.min(rowCount, first + pageSize - 1);
  return (
    <nav className={styles.pager} aria-label="Table pages">
      <label htmlFor={sizeId}>Rows per page</label>
      <select
        id={sizeId}
        className={styles.pageSize}
        value={pageSize}
        onChange={(event) => table.setPageSize(Number(event.target.value))}
      >
        {PAGE_SIZES.map((size) => (
          <option key={size} value={size}>
            {size}
          </option>
        ))}
      </select>
      <span aria-live="polite">
        {integer.format(first)}–{integer.format(last)} of {integer.format(rowCount)}
      </span>
      <span className={styles.pageButtons}>
        <button
          type="button"
          className={styles.pageButton}
          onClick={() => table.firstPage()}
          disabled={!table.getCanPreviousPage()}
          aria-label="First page"
        >
          «
        </button>
        <button
          type="button"
          className={styles.pageButton}
          onClick={() => table.previousPage()}
          disabled={!table.getCanPreviousPage()}
          aria-label="Previous page"
        >
          ‹
        </button>
        <button
          type="button"
          className={styles.pageButton}
          onClick={() => table.nextPage()}
          disabled={!table.getCanNextPage()}
          aria-label="Next page"
        >
          ›
        </button>
        <button
          type="button"
          className={styles.pageButton}
          onClick={() => table.lastPage()}
          disabled={!table.getCanLastPage()}
          aria-label="Last page"
        >
          »
        </button>
      </span>
    </nav>
  );
}
