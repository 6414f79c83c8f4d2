/**
 * What the offline demo model says: a fixed script read off the conversation since the last user
 * message. (1) Read a table and show its first rows; (2) chart it, with a column name slipped on
 * purpose, so the cell fails; (3) the fix, which draws the chart; (4) an answer quoting the
 * numbers the fix printed. Pure, so the whole script is tested without the wire around it.
 */
import "server-only";
import { type ChatMessage, contentText } from "#common/chat-schema.ts";
import { chartCode } from "./chart-python.ts";
import {
  errorLine,
  hasFailed,
  isSkipped,
  type MountedFile,
  parseChartSummary,
  parseMountedFiles,
  parseProfile,
  profileOfFile,
} from "./parse.ts";
import { type ChartPlan, misspell, type Profile, planChart, slippedColumn } from "./plan.ts";
import { isReadableTable, tableCode } from "./python.ts";

/** The text to stream and, when the script wants a cell run, its `python_run` code. */
export type DemoReply = { text: string; code?: string };

/** How many lines of a cell's output the fallback answer quotes, and how much of each. */
const QUOTED_LINES = 8;
const QUOTED_LINE_CHARS = 160;

const CONFIGURE_HINT =
  "To chat with a real model, set `OPENAI_API_KEY` or `ANTHROPIC_API_KEY` (see the README) and restart `npm run dev`.";

export function demoReply(messages: readonly ChatMessage[]): DemoReply {
  const lastUser = messages.findLastIndex((message) => message.role === "user");
  const question = contentText(messages[lastUser]?.content ?? "");
  const results = messages
    .slice(lastUser + 1)
    .flatMap((message) => (message.role === "tool" ? [contentText(message.content)] : []));
  if (results.some(isSkipped)) return skippedAnswer();

  const mounted = mountedFiles(messages);
  const file = chooseFile(mounted, question);
  const [table, attempt, fix] = results;
  if (table === undefined) return readTable(file, mounted.length > 0);
  if (hasFailed(table)) return stopAfter(table);
  const profile: Profile | null = parseProfile(table) ?? (file ? profileOfFile(file) : null);
  if (profile?.rows === 0) return finish("The table has no rows, so there is nothing to chart.");
  const plan = profile && planChart(profile);
  if (!plan)
    return finish("The table has nothing I can chart: no column holds numbers, dates or categories.");
  const names = profile.columns.map((column) => column.name);
  const slip = { column: slippedColumn(plan), as: misspell(slippedColumn(plan), names) };

  if (attempt === undefined) return chartAttempt(plan, slip, profile);
  // The user may have corrected the name before running the cell: then it drew the chart.
  if (!hasFailed(attempt)) return closingAnswer(attempt);
  if (fix === undefined) return chartFix(plan, slip, attempt);
  return hasFailed(fix) ? stopAfter(fix) : closingAnswer(fix);
}

function mountedFiles(messages: readonly ChatMessage[]) {
  const system = messages.find((message) => message.role === "system");
  return system ? parseMountedFiles(contentText(system.content)) : [];
}

/** Words that name the same thing: equal, or one the other's plural or stem ("stock", "stocks"). */
const sameWord = (a: string, b: string) =>
  a === b || (Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a)));

/** The readable file whose name the question mentions most ("Seattle's weather" → seattle-weather.csv). */
export function chooseFile(files: MountedFile[], question: string): MountedFile | null {
  const asked = question.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [];
  const score = (file: MountedFile) =>
    (file.path.split("/").at(-1) ?? "")
      .toLowerCase()
      .replace(/\.\w+$/, "")
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => asked.some((other) => sameWord(word, other))).length;
  const readable = files.filter((file) => isReadableTable(file.path));
  return readable.reduce<MountedFile | null>(
    (best, file) => (best && score(best) >= score(file) ? best : file),
    null,
  );
}

function readTable(file: MountedFile | null, anyMounted: boolean): DemoReply {
  const intro =
    "**This is Ada's offline demo model:** a fixed script, served when no AI provider is configured (no `OPENAI_API_KEY` or `ANTHROPIC_API_KEY`). The loop is real, though: I propose Python; you run, edit or skip it.";
  let plan = `First, the columns and first rows of \`${file?.path}\`, with Python's standard library:`;
  if (!file) {
    const why = anyMounted ? "None of the files under `/data` is CSV or JSON" : "No file is mounted yet";
    plan = `${why}, so I will make up a sample. First, its columns and first rows:`;
  }
  return { text: `${intro}\n\n${plan}`, code: tableCode(file?.path ?? null) };
}

const code = (name: string) => `\`${name.replaceAll("`", "'")}\``;

function inWords(plan: ChartPlan) {
  if (plan.kind === "histogram") return `how ${code(plan.value)} is distributed`;
  const measure = plan.value ? `the average ${code(plan.value)}` : "the number of rows";
  if (plan.kind === "category") return `${measure} for each ${code(plan.category)}`;
  return `${measure} over time (${code(plan.date)})${plan.series ? `, one line per ${code(plan.series)}` : ""}`;
}

type Slip = { column: string; as: string };

function chartAttempt(plan: ChartPlan, slip: Slip, profile: Profile): DemoReply {
  const size =
    profile.rows === null
      ? ""
      : `That is ${profile.rows.toLocaleString("en-US")} rows and ${profile.columns.length} columns. `;
  return {
    text: `${size}Next, ${inWords(plan)}, as an interactive chart (hover over it for the values):`,
    code: chartCode(plan, slip),
  };
}

function chartFix(plan: ChartPlan, slip: Slip, attempt: string): DemoReply {
  const error = errorLine(attempt);
  const expected = error?.startsWith("KeyError") && error.includes(slip.as);
  const cause = !expected
    ? "Here is the cell again, with every column name as the table writes it:"
    : slip.as.toLowerCase() === slip.column.toLowerCase()
      ? `Column names are case-sensitive, and this one is ${code(slip.column)}. The same cell with the name fixed:`
      : `The column is ${code(slip.column)}, not ${code(slip.as)}. The same cell with the name fixed:`;
  return {
    text: [
      `That failed with ${error ? code(error) : "an error"}. ${cause}`,
      "(The slip was on purpose, to show the fix path: a real model reads the traceback and proposes a corrected cell, a few times at most before it stops and explains.)",
    ].join("\n\n"),
    code: chartCode(plan),
  };
}

function closingAnswer(output: string): DemoReply {
  const summary = parseChartSummary(output);
  if (!summary) return finish(quoted(output));
  return finish(
    [
      `**${summary.chart}.** Highest: ${summary.highest}; lowest: ${summary.lowest}. Overall: ${summary.overall}.`,
      "These numbers come from the cell's output. A real model would now interpret them, and when you ask for a change (“make it a bar chart”) it edits the chart's spec instead of running the analysis again.",
    ].join("\n\n"),
  );
}

function stopAfter(result: string): DemoReply {
  const error = errorLine(result);
  return finish(
    `The cell failed${error ? ` with ${code(error)}` : ""}. A real model would read the traceback and propose a fix.`,
  );
}

function skippedAnswer(): DemoReply {
  return finish("You skipped the cell, so I will not run anything else.");
}

function finish(text: string): DemoReply {
  return { text: [text, "The offline demo's script ends here.", CONFIGURE_HINT].join("\n\n") };
}

/** The start of a cell's output, for a result the script cannot read. */
function quoted(output: string) {
  if (!output.trim()) return "The last cell's result was empty.";
  const lines = output.trimEnd().split(/\r?\n/);
  const shown = lines
    .slice(0, QUOTED_LINES)
    .map((line) => (line.length > QUOTED_LINE_CHARS ? `${line.slice(0, QUOTED_LINE_CHARS)}…` : line));
  const more =
    lines.length > QUOTED_LINES ? `\n\n(${lines.length - QUOTED_LINES} more lines in the cell.)` : "";
  return `The last cell's result begins:\n\n${fenced(shown.join("\n"))}${more}`;
}

/** A code fence longer than any run of backticks inside, so output cannot close it early. */
function fenced(text: string) {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}text\n${text}\n${fence}`;
}
