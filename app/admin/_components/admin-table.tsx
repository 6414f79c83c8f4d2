import type { ReactNode } from "react";
import styles from "./admin.module.css";
import { Pagination } from "./pagination.tsx";

/** One column of an admin table: its header and what each row shows in it. */
export type Column<Row> = {
  /** Unique within the table; empty over a column of buttons. */
  header: string;
  /** Numbers align right in tabular figures, ids and codes read in monospace, notes are muted. */
  kind?: "number" | "mono" | "muted";
  cell: (row: Row) => ReactNode;
};

/** One field of a list page's filter form; its value travels in the query string. */
export type Filter = {
  name: string;
  label: string;
  placeholder?: string;
  type?: "date";
  /** A select of these values, after "any" (no filter). */
  options?: readonly string[];
};

type Filters = { fields: Filter[]; submit: string; extra?: ReactNode };

/** The usual filter: one search box named `q`. */
export const search = (placeholder: string): Filters => ({
  fields: [{ name: "q", label: "Search", placeholder }],
  submit: "Search",
});

type TableProps<Row> = {
  columns: Column<Row>[];
  rowKey: (row: Row) => string;
  /** data-testid of every row, for the E2E tests. */
  rowTestId?: string;
  /** What the table says when there are no rows. */
  empty: string;
};

const CELL_CLASS = { number: styles.num, mono: styles.mono, muted: styles.muted };

/** Rows under a header row, or one sentence when there are none. */
export function Table<Row>({ columns, rows, rowKey, rowTestId, empty }: TableProps<Row> & { rows: Row[] }) {
  return (
    <div className={styles.tableWrap}>
      {rows.length === 0 ? (
        <p className={styles.empty}>{empty}</p>
      ) : (
        <table className={styles.table}>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column.header} className={column.kind === "number" ? styles.num : undefined}>
                  {column.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={rowKey(row)} data-testid={rowTestId}>
                {columns.map((column) => (
                  <td key={column.header} className={column.kind && CELL_CLASS[column.kind]}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/**
 * An admin list page: title, filter form, one page of rows, and previous / next links that keep the
 * filters. `params` is the page's query string (readParams); the filters read their values from it.
 */
export function AdminTable<Row>({
  title,
  filters,
  params,
  list,
  ...table
}: TableProps<Row> & {
  title: string;
  filters?: Filters;
  params: Record<string, string | undefined>;
  list: { items: Row[]; page: number; pageSize: number; total: number };
}) {
  const kept = Object.fromEntries((filters?.fields ?? []).map(({ name }) => [name, params[name]]));
  return (
    <>
      <h1 className={styles.title}>{title}</h1>
      {filters ? <FilterForm {...filters} params={params} /> : null}
      <Table rows={list.items} {...table} />
      <Pagination page={list.page} pageSize={list.pageSize} total={list.total} params={kept} />
    </>
  );
}

/** A GET form: submitting it loads the page again with the fields in the query string. */
function FilterForm({
  fields,
  submit,
  extra,
  params,
}: Filters & { params: Record<string, string | undefined> }) {
  return (
    <form className={styles.filters}>
      {fields.map((field) =>
        field.options ? (
          <label key={field.name}>
            {field.label}
            <select name={field.name} defaultValue={params[field.name] ?? ""} className={styles.input}>
              <option value="">any</option>
              {field.options.map((option) => (
                <option key={option}>{option}</option>
              ))}
            </select>
          </label>
        ) : (
          <label key={field.name}>
            {field.label}
            <input
              name={field.name}
              type={field.type}
              defaultValue={params[field.name]}
              placeholder={field.placeholder}
              className={styles.input}
            />
          </label>
        ),
      )}
      <button type="submit" className={styles.button}>
        {submit}
      </button>
      {extra}
    </form>
  );
}
