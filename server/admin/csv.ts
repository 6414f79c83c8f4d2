/** CSV records per RFC 4180, for exports an admin opens in a spreadsheet. */

import "server-only";

type CsvValue = string | number | Date | null;

/**
 * A spreadsheet runs text starting with one of these as a formula (CSV injection); such text gets
 * a leading apostrophe, which spreadsheets show as plain text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function field(value: CsvValue) {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  if (value instanceof Date) return value.toISOString();
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, ended by CRLF: fields holding a comma, quote or line break are quoted, quotes doubled. */
export const csvLine = (values: CsvValue[]) => `${values.map(field).join(",")}\r\n`;
