"use client";

import { type ColumnDef, useTable } from "@tanstack/react-table";
import { useId, useMemo } from "react";
import { classNames } from "./class-names.ts";
import { compareValues } from "./compare-values.ts";
import styles from "./data-table.module.css";
import outputStyles from "./outputs.module.css";
import { saveFile } from "./save-file.ts";
import { tableCsv } from "./table-csv.ts";
import { type Features, features } from "./table-features.ts";
import {
  describeTable,
  formatCell,
  readDataResource,
  type TableField,
  type TableModel,
  type TableRow,
} from "./table-model.ts";
import { PAGE_SIZES, TablePager } from "./table-pager.tsx";

/** Text longer than this gets a tooltip with all of it (CSS cuts what a cell cannot hold). */
const LONG_CELL = 40;

const SORT_MARK = { asc: "▲", desc: "▼" } as const;
const ARIA_SORT = { asc: "ascending", desc: "descending" } as const;

/** `application/vnd.dataresource+json` as a table, or a sentence on why it cannot be one. */
export function DataTable({ value, metadata }: { value: unknown; metadata: unknown }) {
  const model = useMemo(() => readDataResource(value, metadata), [value, metadata]);
  if ("error" in model) {
    return <p className={outputStyles.error}>This table cannot be shown: {model.error}</p>;
  }
  return <TableView model={model} />;
}

/**
 * The rows, paged (so ten thousand rows draw as fast as twenty-five) and sorted by a click on a
 * header (Shift+click adds a column). Missing values are "null" and sort last either way.
 */
function TableView({ model }: { model: TableModel }) {
  const captionId = useId();
  const columns = useMemo(
    () =>
      model.fields.map(
        (field, index): ColumnDef<Features, TableRow> => ({
          // Ids by position: a field's name may hold dots, which TanStack would read as a path.
          id: `c${index}`,
          header: field.name,
          // null → undefined, so sortUndefined puts missing values last in both directions.
          accessorFn: (row) => row[field.name] ?? undefined,
          sortUndefined: "last",
          sortFn: (a, b, id) => compareValues(a.getValue(id), b.getValue(id), field.kind),
        }),
      ),
    [model.fields],
  );
  const table = useTable({
    features,
    columns,
    data: model.rows,
    sortDescFirst: false,
    initialState: { pagination: { pageIndex: 0, pageSize: PAGE_SIZES[0] } },
  });
  const { size, cut } = describeTable(model);
  const fieldAt = (columnIndex: number) => model.fields[columnIndex];

  return (
    <div>
      <p className={styles.tableCaption} id={captionId}>
        <span>{size}</span>
        {cut ? <span>· {cut}</span> : null}
        <button
          type="button"
          className={classNames(outputStyles.toolButton, styles.captionTool)}
          title={`Download the ${model.rows.length.toLocaleString("en")} rows this output holds`}
          onClick={() =>
            saveFile("table.csv", new Blob([tableCsv(model)], { type: "text/csv;charset=utf-8" }))
          }
        >
          CSV
        </button>
      </p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: focusable, so the keyboard can scroll a table wider or taller than its box */}
      <section className={styles.tableScroll} aria-labelledby={captionId} tabIndex={0}>
        <table className={styles.table}>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header, columnIndex) => {
                  const field = fieldAt(columnIndex);
                  const sorted = header.column.getIsSorted();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={sorted ? ARIA_SORT[sorted] : "none"}
                      className={fieldClass(field)}
                    >
                      <button
                        type="button"
                        className={styles.sortButton}
                        onClick={header.column.getToggleSortingHandler()}
                        title="Sort by this column (Shift+click to add it to the sort)"
                      >
                        {field?.name}
                        <span className={styles.sortMark} aria-hidden="true">
                          {sorted ? SORT_MARK[sorted] : ""}
                        </span>
                      </button>
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id}>
                {row.getAllCells().map((cell, columnIndex) => (
                  <BodyCell key={cell.id} field={fieldAt(columnIndex)} value={cell.getValue()} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <TablePager table={table} />
    </div>
  );
}

const fieldClass = (field: TableField | undefined) =>
  classNames(field?.isIndex && styles.index, field?.kind === "number" && styles.numeric);

/** A value; index values are row headers. Long text is cut by CSS and shown whole on hover. */
function BodyCell({ field, value }: { field: TableField | undefined; value: unknown }) {
  const text = value === undefined ? null : formatCell(value, field?.kind ?? "text");
  const props = {
    className: fieldClass(field),
    title: text && text.length > LONG_CELL ? text : undefined,
    children: text === null ? <span className={styles.null}>null</span> : text,
  };
  return field?.isIndex ? <th scope="row" {...props} /> : <td {...props} />;
}
