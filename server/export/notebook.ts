/**
 * A session as a Jupyter notebook (nbformat 4.5): the questions and answers as Markdown cells,
 * every cell that ran as a code cell with the code that actually ran and its stored outputs, in
 * order, and the cells that did not run as notes. The first cell names the files under /data the
 * code used and where each came from, so the notebook runs again in Jupyter or JupyterLite.
 * https://nbformat.readthedocs.io/en/latest/format_description.html
 */
import "server-only";
import { formatDate } from "#common/dates.ts";
import type { CellOutput } from "#common/nbformat-outputs.ts";
import { type ReplaySummary, summarizeReplay } from "#common/replay-summary.ts";
import { codeOf, type ExportCell, type ExportSession, executedCells } from "./session-data.ts";

type MarkdownCell = { id: string; cell_type: "markdown"; metadata: Record<string, unknown>; source: string };
type CodeCell = {
  id: string;
  cell_type: "code";
  metadata: Record<string, unknown>;
  execution_count: number | null;
  source: string;
  outputs: CellOutput[];
};
type Notebook = {
  nbformat: 4;
  nbformat_minor: 5;
  metadata: Record<string, unknown>;
  cells: (MarkdownCell | CodeCell)[];
};

/** What the browser runs: CPython 3.14 compiled to WebAssembly by Pyodide 314. */
const KERNEL_METADATA = {
  kernelspec: { name: "python3", display_name: "Python 3.14 (Pyodide)", language: "python" },
  language_info: {
    name: "python",
    version: "3.14",
    mimetype: "text/x-python",
    file_extension: ".py",
    codemirror_mode: { name: "ipython", version: 3 },
    pygments_lexer: "ipython3",
    nbconvert_exporter: "python",
  },
};

/** A fenced block that no backtick run in the text can close early. */
export function fenced(text: string, language = "") {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${language}\n${text}\n${fence}`;
}

/** Markdown of the files the code used: where to get each one before running the notebook. */
export function filesMarkdown(session: Pick<ExportSession, "files">) {
  if (session.files.length === 0) return "The code reads no files under `/data`.";
  const lines = session.files.map((file) =>
    file.catalog
      ? `- \`${file.path}\`: ${file.catalog.title}, from <${file.catalog.url}>`
      : `- \`${file.path}\`: uploaded (not part of this export)`,
  );
  return [
    "The code reads these files under `/data`; put them there (or change the paths) before running it:",
    "",
    ...lines,
  ].join("\n");
}

function headerMarkdown(session: ExportSession, replay: ReplaySummary | null) {
  return [
    `# ${session.title}`,
    "",
    `Exported from Ada on ${formatDate(session.exportedAt)}; the analysis started on ${formatDate(session.createdAt)}` +
      (session.model ? ` with the model \`${session.model}\`.` : "."),
    replay ? `${replay.text}.` : "Not replayed from scratch yet.",
    "",
    "## Data",
    "",
    filesMarkdown(session),
  ].join("\n");
}

/** A cell that did not run, as a note with the code it would have run. */
function noteFor(cell: ExportCell) {
  const why =
    cell.status === "skipped"
      ? `*Skipped by the user${cell.skipReason ? `: ${cell.skipReason}` : ""}.* It proposed:`
      : "*Never run.* It proposed:";
  return `${why}\n\n${fenced(cell.proposedCode, "python")}`;
}

/** The stored outputs, with the execution count a notebook expects on its result. */
function outputsFor(cell: ExportCell, count: number): CellOutput[] {
  return cell.outputs.map((output) =>
    output.output_type === "execute_result" ? { ...output, execution_count: count } : output,
  );
}

export function buildNotebook(session: ExportSession): Notebook {
  const executed = executedCells(session);
  const replay = session.replay ? summarizeReplay(session.replay, executed) : null;
  const verdicts = new Map(session.replay?.cells.map((cell) => [cell.cellId, cell.verdict]));
  const cells: Notebook["cells"] = [
    { id: "ada-header", cell_type: "markdown", metadata: {}, source: headerMarkdown(session, replay) },
  ];
  let count = 0;
  session.turns.forEach((turn, index) => {
    if (turn.role === "user") {
      cells.push({
        id: `question-${index}`,
        cell_type: "markdown",
        metadata: { ada: { role: "user" } },
        source: turn.text
          .split("\n")
          .map((line) => `> ${line}`)
          .join("\n"),
      });
      return;
    }
    if (turn.text) {
      cells.push({
        id: `answer-${index}`,
        cell_type: "markdown",
        metadata: { ada: { role: "assistant" } },
        source: turn.text,
      });
    }
    for (const cell of turn.cells) {
      if (cell.status !== "completed" && cell.status !== "error") {
        cells.push({
          id: cell.id,
          cell_type: "markdown",
          metadata: { ada: { status: cell.status } },
          source: noteFor(cell),
        });
        continue;
      }
      count += 1;
      const edited = cell.executedCode !== null && cell.executedCode !== cell.proposedCode;
      cells.push({
        id: cell.id,
        cell_type: "code",
        metadata: {
          ada: {
            status: cell.status,
            ...(edited ? { proposed_code: cell.proposedCode } : {}),
            ...(verdicts.has(cell.id) ? { replay: verdicts.get(cell.id) } : {}),
          },
        },
        execution_count: count,
        source: codeOf(cell),
        outputs: outputsFor(cell, count),
      });
    }
  });
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      ...KERNEL_METADATA,
      ada: {
        title: session.title,
        exported_at: session.exportedAt.toISOString(),
        ...(replay && session.replay
          ? {
              replay: {
                replayed_at: session.replay.replayedAt.toISOString(),
                ok: replay.ok,
                summary: replay.text,
              },
            }
          : {}),
      },
    },
    cells,
  };
}
