/**
 * Which chart the offline demo draws from a table's columns, and the slip its first attempt
 * makes on purpose (a column name in the wrong case) so that the fix after it has a real error
 * to answer. Pure: the columns come from the first cell's printed profile (or the system prompt).
 */

import "server-only";

export type ColumnKind = "number" | "date" | "text";

/** `distinct` is null when only the type is known (the system prompt does not count values). */
export type ProfiledColumn = { name: string; kind: ColumnKind; distinct: number | null };

export type Profile = { rows: number | null; columns: ProfiledColumn[] };

/**
 * time: a value (or the row count) per day, month or year, one line per series when the table
 * holds several rows per date; category: a value (or the row count) per group, as bars;
 * histogram: how one value is distributed, when there is nothing to group it by.
 */
export type ChartPlan =
  | { kind: "time"; date: string; value: string | null; series: string | null }
  | { kind: "category"; category: string; value: string | null }
  | { kind: "histogram"; value: string };

/** Numbers that identify or locate rather than measure: averaging them says nothing. */
const NOT_A_QUANTITY = /(^|[^a-z])(id|code|zip|fips|lat|latitude|lon|lng|long|longitude|year)([^a-z]|$)/i;
/** A number column with this few distinct values is a label (cylinders, cluster), not a measure. */
const FEW_VALUES = 12;
const MAX_SERIES = 8;
const MAX_CATEGORIES = 60;

const between = (distinct: number | null, low: number, high: number) =>
  distinct !== null && distinct >= low && distinct <= high;

export function planChart({ rows, columns }: Profile): ChartPlan | null {
  const numbers = columns.filter((column) => column.kind === "number");
  const texts = columns.filter((column) => column.kind === "text");
  const valueExcept = (name?: string) => pickValue(numbers.filter((column) => column.name !== name));

  const date = columns.find((column) => column.kind === "date");
  if (date) {
    // Several rows per date (stocks of five companies, say) read best as one line per series.
    const repeats = date.distinct !== null && rows !== null && date.distinct < rows;
    const series = repeats ? texts.find((column) => between(column.distinct, 2, MAX_SERIES)) : undefined;
    return { kind: "time", date: date.name, value: valueExcept(), series: series?.name ?? null };
  }
  const category =
    texts.find((column) => column.distinct === null || between(column.distinct, 2, MAX_CATEGORIES)) ??
    numbers.find((column) => between(column.distinct, 2, FEW_VALUES));
  if (category) return { kind: "category", category: category.name, value: valueExcept(category.name) };
  const value = valueExcept();
  if (value) return { kind: "histogram", value };
  // Only text with too many values to chart them all: the most frequent ones, counted.
  return texts[0] ? { kind: "category", category: texts[0].name, value: null } : null;
}

function pickValue(numbers: ProfiledColumn[]) {
  const measures = numbers.filter((column) => column.name.trim() && !NOT_A_QUANTITY.test(column.name));
  const best = measures.find((column) => column.distinct === null || column.distinct > FEW_VALUES);
  return (best ?? measures[0])?.name ?? null;
}

/** The column the chart cell names first: where the deliberate slip goes. */
export function slippedColumn(plan: ChartPlan) {
  if (plan.kind === "histogram") return plan.value;
  return plan.value ?? (plan.kind === "time" ? plan.date : plan.category);
}

/**
 * The name as a hurried analyst might type it: with the first letter's case flipped (or all
 * upper case), else in the plural; never another column's real name.
 */
export function misspell(name: string, names: readonly string[]) {
  const first = name.charAt(0);
  const variants = [
    first === first.toLowerCase() ? first.toUpperCase() + name.slice(1) : name.toLowerCase(),
    name.toUpperCase(),
    name.toLowerCase(),
    `${name}s`,
  ];
  let written = variants.find((variant) => variant !== name && !names.includes(variant)) ?? `${name}_`;
  while (names.includes(written)) written += "_";
  return written;
}
