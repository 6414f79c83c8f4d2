/**
 * A table output as CSV (RFC 4180): every row the output holds, index columns first as pandas
 * writes them, missing values empty.
 */
import type { TableModel } from "./table-model.ts";

/**
 * A text a spreadsheet would run as a formula (=, +, -, @, or a tab or return first) gets a
 * leading apostrophe: a shared table is someone else's data, opened in the reader's spreadsheet.
 * https://owasp.org/www-community/attacks/CSV_Injection
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function field(value: unknown) {
  if (value === null || value === undefined) return "";
  const text =
    typeof value === "string"
      ? FORMULA_START.test(value)
        ? `'${value}`
        : value
      : typeof value === "number" || typeof value === "boolean"
        ? String(value)
        : JSON.stringify(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function tableCsv(model: Pick<TableModel, "fields" | "rows">) {
  const fields = [...model.fields.filter((f) => f.isIndex), ...model.fields.filter((f) => !f.isIndex)];
  const lines = [
    fields.map((f) => field(f.name)).join(","),
    ...model.rows.map((row) => fields.map((f) => field(row[f.name])).join(",")),
  ];
  return `${lines.join("\r\n")}\r\n`;
}
