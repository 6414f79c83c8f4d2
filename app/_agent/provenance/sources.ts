/**
 * The numbers and dates a cell's outputs hold, each with where it is: a line of a stream, an
 * error or a text display, or a cell of a table or of a chart's data. What an answer's numbers
 * are matched against (provenance.ts).
 */
import { type CellOutput, errorText, preferredMime, textOf } from "#common/nbformat-outputs.ts";
import { findMentions, type Mention } from "./mentions.ts";

export type SourceLocation = {
  cellId: string;
  /** Position of the output among the cell's outputs. */
  output: number;
  /** Line (0-based) of a text output. */
  line?: number;
  /** Row (0-based, in the data) and field of a table or chart's data. */
  row?: number;
  field?: string;
  /** The value as the output shows it, to find it on screen. */
  text: string;
};

export type SourceValue = { mention: Mention; at: SourceLocation };

/** Values read per output at most: a 100,000-row table is matched on its first rows. */
const MAX_VALUES_PER_OUTPUT = 20_000;

const TEXT_MIMES = ["text/plain", "text/markdown", "text/html", "text/latex"];

type Row = Record<string, unknown>;

function fromText(text: string, at: Omit<SourceLocation, "text" | "line">, into: SourceValue[]) {
  text.split("\n").forEach((line, index) => {
    if (into.length >= MAX_VALUES_PER_OUTPUT) return;
    // Markup's tags hold no numbers the reader sees; their text does.
    const visible = line.replace(/<[^>]*>/g, " ");
    for (const mention of findMentions(visible))
      into.push({ mention, at: { ...at, line: index, text: mention.text } });
  });
}

/** A table or chart data cell: a JSON number as a number, a string read for numbers and dates. */
function fromValue(value: unknown, at: Omit<SourceLocation, "text">, into: SourceValue[]) {
  if (typeof value === "number" && Number.isFinite(value)) {
    const text = String(value);
    const decimals = /\.(\d+)$/.exec(text)?.[1]?.length ?? 0;
    into.push({
      mention: {
        kind: "number",
        start: 0,
        end: text.length,
        text,
        value,
        decimals,
        scale: 1,
        percent: false,
        isYear: false,
      },
      at: { ...at, text },
    });
  } else if (typeof value === "string" && value.length <= 200) {
    for (const mention of findMentions(value)) into.push({ mention, at: { ...at, text: mention.text } });
  }
}

function fromRows(rows: unknown, at: Omit<SourceLocation, "text">, into: SourceValue[]) {
  if (!Array.isArray(rows)) return;
  rows.forEach((row, index) => {
    if (into.length >= MAX_VALUES_PER_OUTPUT || !row || typeof row !== "object") return;
    for (const [field, value] of Object.entries(row as Row))
      fromValue(value, { ...at, row: index, field }, into);
  });
}

/** Inline data of a Vega-Lite or Vega spec, nested views and named datasets included. */
function chartRows(spec: unknown, found: unknown[][] = []): unknown[][] {
  if (Array.isArray(spec)) {
    for (const item of spec) chartRows(item, found);
  } else if (spec && typeof spec === "object") {
    for (const [key, value] of Object.entries(spec)) {
      if (key === "values" && Array.isArray(value)) found.push(value);
      else if (key === "datasets" && value && typeof value === "object") {
        for (const rows of Object.values(value)) if (Array.isArray(rows)) found.push(rows);
      } else chartRows(value, found);
    }
  }
  return found;
}

function fromOutput(cellId: string, output: CellOutput, index: number): SourceValue[] {
  const into: SourceValue[] = [];
  const at = { cellId, output: index };
  if (output.output_type === "stream") fromText(output.text, at, into);
  else if (output.output_type === "error") fromText(errorText(output), at, into);
  else {
    const mime = preferredMime(output.data);
    const value = mime ? output.data[mime] : undefined;
    if (mime === "application/vnd.dataresource+json") fromRows((value as { data?: unknown })?.data, at, into);
    else if (mime?.includes("vega")) {
      for (const rows of chartRows(value)) fromRows(rows, at, into);
    } else if (mime && TEXT_MIMES.includes(mime)) fromText(textOf(value), at, into);
    else if (mime === "application/json") fromText(JSON.stringify(value), at, into);
  }
  return into;
}

type SourceCell = { id: string; outputs: readonly CellOutput[] | null };

/** Every value the cells' outputs hold, the latest cell's first (the likeliest source of a figure). */
export function sourceValues(cells: readonly SourceCell[]): SourceValue[] {
  return [...cells]
    .reverse()
    .flatMap((cell) => (cell.outputs ?? []).flatMap((output, index) => fromOutput(cell.id, output, index)));
}
