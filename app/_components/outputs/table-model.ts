/**
 * `application/vnd.dataresource+json` (a Table Schema and its rows, what pandas' table-schema
 * repr writes) read into what the table draws: its fields, its rows and the size of the whole
 * table, which may be larger than the rows that were sent.
 * https://specs.frictionlessdata.io/tabular-data-resource/
 */
import { kindOfType, type ValueKind } from "./compare-values.ts";

export type TableField = {
  name: string;
  kind: ValueKind;
  /** Part of the schema's primaryKey: pandas' index, shown apart from the data columns. */
  isIndex: boolean;
};

export type TableRow = Record<string, unknown>;

export type TableModel = {
  fields: TableField[];
  rows: TableRow[];
  /** Rows of the whole table (the output's metadata says when only the first were sent). */
  totalRows: number;
  /** Data columns of the whole table, index columns not counted (as pandas' `shape`). */
  totalColumns: number;
  /** The rows sent are only the first of the table. */
  isCut: boolean;
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const count = (value: unknown) =>
  typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : null;

/**
 * Reads a data resource and the metadata Ada's display code writes beside it
 * (`{rows, columns, truncated}`), or says in one sentence why it cannot be drawn.
 */
export function readDataResource(value: unknown, metadata: unknown): TableModel | { error: string } {
  if (!isObject(value) || !isObject(value.schema)) {
    return { error: "it is not a Table Schema data resource (an object with a schema and data)." };
  }
  const { fields, primaryKey } = value.schema;
  if (!Array.isArray(fields) || !fields.every((field) => isObject(field) && typeof field.name === "string")) {
    return { error: "its schema has no list of named fields." };
  }
  if (!Array.isArray(value.data)) return { error: "it has no list of rows (data)." };
  const badRow = value.data.findIndex((row) => !isObject(row));
  if (badRow !== -1) return { error: `row ${badRow + 1} is not an object of field values.` };

  const keys = new Set(
    typeof primaryKey === "string" ? [primaryKey] : Array.isArray(primaryKey) ? primaryKey : [],
  );
  const tableFields = fields.map((field) => ({
    name: field.name as string,
    kind: kindOfType(field.type),
    isIndex: keys.has(field.name),
  }));
  const rows = value.data as TableRow[];
  const sizes = isObject(metadata) ? metadata : {};
  const totalRows = Math.max(count(sizes.rows) ?? rows.length, rows.length);
  return {
    fields: tableFields,
    rows,
    totalRows,
    totalColumns: count(sizes.columns) ?? tableFields.filter((field) => !field.isIndex).length,
    isCut: sizes.truncated === true || totalRows > rows.length,
  };
}

const integer = new Intl.NumberFormat("en");

const plural = (n: number, word: string) => `${integer.format(n)} ${word}${n === 1 ? "" : "s"}`;

/** "1,461 rows × 6 columns", and when rows were cut "showing 10,000 of 1,461,000 rows". */
export function describeTable(table: TableModel): { size: string; cut: string | null } {
  const shown = table.rows.length;
  const size = `${plural(table.totalRows, "row")} × ${plural(table.totalColumns, "column")}`;
  if (!table.isCut) return { size, cut: null };
  const cut =
    table.totalRows > shown
      ? `showing ${integer.format(shown)} of ${integer.format(table.totalRows)} rows`
      : `showing the first ${plural(shown, "row")}`;
  return { size, cut };
}

/**
 * A present cell value as text: numbers as JavaScript writes them (no digits lost), booleans
 * as Python does, pandas' ISO timestamps without the parts that say nothing (midnight, zero
 * milliseconds), nested values as JSON.
 */
export function formatCell(value: unknown, kind: ValueKind): string {
  if (typeof value === "string") return kind === "datetime" ? tidyTimestamp(value) : value;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "True" : "False";
  return JSON.stringify(value);
}

function tidyTimestamp(value: string) {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value);
  if (!match) return value;
  const [, date, time, fraction = "", zone = ""] = match;
  const seconds = /^\.0+$/.test(fraction) ? "" : fraction;
  if (time === "00:00:00" && !seconds && !zone) return date ?? value;
  return `${date} ${time}${seconds}${zone}`;
}
