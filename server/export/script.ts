/**
 * A session as a Python script in the percent format (`# %%` cells, as Jupytext, VS Code and
 * Spyder read it): the questions and answers as Markdown cells of comments, each cell that ran
 * as a code cell, and cells that did not run as commented-out code.
 * https://jupytext.readthedocs.io/en/latest/formats-scripts.html#the-percent-format
 */

import "server-only";
import { formatDate } from "#common/dates.ts";
import { summarizeReplay } from "#common/replay-summary.ts";
import { filesMarkdown } from "./notebook.ts";
import { codeOf, type ExportSession, executedCells } from "./session-data.ts";

const commented = (text: string) =>
  text
    .split("\n")
    .map((line) => (line ? `# ${line}` : "#"))
    .join("\n");

const markdownCell = (text: string) => `# %% [markdown]\n${commented(text)}`;

export function buildScript(session: ExportSession): string {
  const executed = executedCells(session);
  const replay = session.replay ? summarizeReplay(session.replay, executed) : null;
  const numberOf = new Map(executed.map((cell, index) => [cell.id, index + 1]));
  const header = [
    `# ${session.title}`,
    "",
    `Exported from Ada on ${formatDate(session.exportedAt)}.`,
    replay ? `${replay.text}.` : "Not replayed from scratch yet.",
    "",
    filesMarkdown(session),
  ].join("\n");
  const parts = [markdownCell(header)];
  for (const turn of session.turns) {
    if (turn.role === "user") {
      parts.push(markdownCell(`**Question:** ${turn.text}`));
      continue;
    }
    if (turn.text) parts.push(markdownCell(turn.text));
    for (const cell of turn.cells) {
      const number = numberOf.get(cell.id);
      if (number !== undefined) {
        // A title, not `[n]`: brackets after `# %%` name the cell's type.
        const failed = cell.status === "error" ? ", which raised an error when it ran" : "";
        parts.push(`# %% Cell ${number}${failed}\n${codeOf(cell)}`);
      } else {
        const why =
          cell.status === "skipped" ? `Skipped${cell.skipReason ? `: ${cell.skipReason}` : ""}` : "Never run";
        parts.push(`# %% [markdown]\n# ${why}. It proposed:\n${commented(cell.proposedCode)}`);
      }
    }
  }
  return `${parts.join("\n\n")}\n`;
}
