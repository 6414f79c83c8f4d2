/**
 * Ordering of table cells for sorting. A column's Table Schema type says how its values compare;
 * values that do not fit it (a string in a number column, mixed object columns) still get a
 * total order, so sorting never throws or depends on the order rows came in.
 */

/** How a column's values are compared and aligned. */
export type ValueKind = "number" | "boolean" | "datetime" | "duration" | "text";

/** Table Schema field type → kind (https://specs.frictionlessdata.io/table-schema/#types-and-formats). */
export function kindOfType(type: unknown): ValueKind {
  switch (type) {
    case "integer":
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "datetime":
    case "date":
    case "time":
    case "year":
    case "yearmonth":
      return "datetime";
    case "duration":
      return "duration";
    default:
      return "text";
  }
}

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/** Milliseconds of an ISO 8601 duration as pandas writes it ("P1DT2H3M4.5S"), or NaN. */
export function durationMs(value: string): number {
  const match =
    /^(-)?P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
      value,
    );
  if (!match || value === "P" || value.endsWith("T")) return Number.NaN;
  const [, sign, weeks, days, hours, minutes, seconds] = match;
  const ms =
    (((Number(weeks ?? 0) * 7 + Number(days ?? 0)) * 24 + Number(hours ?? 0)) * 60 + Number(minutes ?? 0)) *
      60_000 +
    Number(seconds ?? 0) * 1000;
  return sign ? -ms : ms;
}

/** A value as a number for its kind (epoch ms for dates, ms for durations), or NaN when it is not one. */
function numberOf(value: unknown, kind: ValueKind): number {
  if (typeof value === "number") return value;
  if (typeof value !== "string") return Number.NaN;
  if (kind === "datetime") return Date.parse(value);
  if (kind === "duration") return durationMs(value);
  return Number.NaN;
}

/** Rank of a value's JavaScript type when two values of different types meet. */
const typeRank = (value: unknown) =>
  typeof value === "number" ? 0 : typeof value === "boolean" ? 1 : typeof value === "string" ? 2 : 3;

const textOf = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

/**
 * Ascending comparison of two present values of a column of `kind` (the table reverses it for
 * descending order). Numbers compare as numbers (NaN last), dates and durations by the instant
 * or length they stand for, booleans false before true, text naturally ("item2" before "item10").
 */
export function compareValues(a: unknown, b: unknown, kind: ValueKind): number {
  if (kind !== "text" && kind !== "boolean") {
    const x = numberOf(a, kind);
    const y = numberOf(b, kind);
    const xIsNumber = !Number.isNaN(x);
    const yIsNumber = !Number.isNaN(y);
    if (xIsNumber && yIsNumber) return x < y ? -1 : x > y ? 1 : 0;
    // A value that is not one of the kind (an unparsable date, NaN) goes after those that are.
    if (xIsNumber !== yIsNumber) return xIsNumber ? -1 : 1;
  }
  if (typeof a === "number" && typeof b === "number") {
    if (Number.isNaN(a) || Number.isNaN(b)) return Number(Number.isNaN(a)) - Number(Number.isNaN(b));
    return a - b;
  }
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  const rank = typeRank(a) - typeRank(b);
  if (rank !== 0) return rank;
  return collator.compare(textOf(a), textOf(b));
}
