/**
 * What the offline demo reads: the file list of the system prompt, and the tool results the
 * browser sends back. From a result it relies only on what its own cells print (`Table:`,
 * `Column …:`, `Chart:` … lines) and on a traceback for a failure, never on the wording around
 * them, so the browser can change how it reports a cell.
 */
import "server-only";
import type { ColumnKind, Profile, ProfiledColumn } from "./plan.ts";

type PromptColumn = { name: string; type: string | null };
export type MountedFile = { path: string; columns: PromptColumn[] };

/**
 * The files the browser lists in the system prompt, one line each:
 * `- /data/<path> (<size>) columns: date (date), temp_max (number)` (size, columns and types
 * optional). Column names may hold spaces and parentheses: `Body Mass (g) (number)`.
 */
export function parseMountedFiles(systemPrompt: string): MountedFile[] {
  return systemPrompt.split(/\r?\n/).flatMap((line) => {
    const match = /^- (\/data\/.+?)(?: \([^()]*\))?(?: columns: (.*))?$/.exec(line.trim());
    if (!match?.[1]) return [];
    return [{ path: match[1], columns: parseColumns(match[2] ?? "") }];
  });
}

function parseColumns(list: string): PromptColumn[] {
  // Lazy names: each column ends at the first ", " (or the end) that follows its optional type.
  const column = /(.*?)(?: \(([^()]*)\))?(?:, |$)/y;
  const columns: PromptColumn[] = [];
  while (column.lastIndex < list.length) {
    const at = column.lastIndex;
    const match = column.exec(list);
    if (!match || column.lastIndex === at) break;
    const name = match[1]?.trim() ?? "";
    // The prompt shortens a long list with a final "… (N more)".
    if (name && name !== "…") columns.push({ name, type: match[2]?.trim() || null });
  }
  return columns;
}

/** A column type as the prompt words it (integer, float, datetime…) in the demo's three kinds. */
export function kindOfType(type: string | null): ColumnKind {
  if (type && /date|time|year/i.test(type)) return "date";
  if (type && /int|float|double|decimal|number|numeric|real/i.test(type)) return "number";
  return "text";
}

/** What the prompt says of a file's columns: their types, but no counts. */
export const profileOfFile = (file: MountedFile): Profile => ({
  rows: null,
  columns: file.columns.map((column) => ({
    name: column.name,
    kind: kindOfType(column.type),
    distinct: null,
  })),
});

const count = (digits: string) => Number(digits.replaceAll(",", ""));

/** The table cell's profile: `Table: <path>, <n> rows, <m> columns` and a `Column <name>: …` line each. */
export function parseProfile(result: string): (Profile & { path: string }) | null {
  const table = /^Table: (.*), ([\d,]+) rows, (\d+) columns$/m.exec(result);
  if (!table) return null;
  const columns: ProfiledColumn[] = [];
  for (const line of result.matchAll(/^Column (.*): (number|date|text), ([\d,]+) distinct\b/gm)) {
    columns.push({ name: line[1] ?? "", kind: line[2] as ColumnKind, distinct: count(line[3] ?? "0") });
  }
  return { path: table[1] ?? "", rows: count(table[2] ?? "0"), columns };
}

type ChartSummary = { chart: string; highest: string; lowest: string; overall: string };

/** The chart cell's closing lines: `Chart:`, `Highest:`, `Lowest:` and `Overall:`. */
export function parseChartSummary(result: string): ChartSummary | null {
  const line = (key: string) => new RegExp(`^${key}: (.+)$`, "m").exec(result)?.[1]?.trim();
  const [chart, highest, lowest, overall] = ["Chart", "Highest", "Lowest", "Overall"].map(line);
  return chart && highest && lowest && overall ? { chart, highest, lowest, overall } : null;
}

/** The last `SomeError: message` line of a traceback, if the result holds one. */
export function errorLine(result: string) {
  // The exception's name alone on its line or before ": ", as Python prints it.
  const lines = [...result.matchAll(/^([A-Za-z_][\w.]*(?:Error|Exception|Interrupt)(?:: .*)?)$/gm)];
  return lines.at(-1)?.[1]?.trim() ?? null;
}

/** A cell failed when its result carries a traceback (or, failing that, an error line). */
export function hasFailed(result: string) {
  return /Traceback \(most recent call last\)/.test(result) || errorLine(result) !== null;
}

/** The browser reports a cell that did not run as "Skipped…", "The user skipped…" or "Not run…". */
export function isSkipped(result: string) {
  return /^\s*(?:skipped|the user skipped|not run)\b/i.test(result);
}
