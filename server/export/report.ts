/**
 * A session as one self-contained HTML file, readable offline: the questions, the answers, each
 * cell's code (folded) and outputs, the export's date and the replay's result. Its own Content
 * Security Policy lets only its own scripts run and nothing load, wherever it is opened.
 */
import "server-only";
import { createHash } from "node:crypto";
import { formatDate } from "#common/dates.ts";
import { summarizeReplay } from "#common/replay-summary.ts";
import { escapeHtml, markdownToHtml } from "./markdown-html.ts";
import { filesMarkdown } from "./notebook.ts";
import { type Chart, outputHtml } from "./report-outputs.ts";
import { CHART_BOOT } from "./report-renderer.ts";
import { REPORT_CSS } from "./report-style.ts";
import { codeOf, type ExportCell, type ExportSession, executedCells } from "./session-data.ts";

const hashOf = (script: string) => `'sha256-${createHash("sha256").update(script).digest("base64")}'`;

/** JSON inside a script element: `<` escaped, so no text in a spec can close the element. */
const jsonScript = (id: string, value: unknown) =>
  `<script type="application/json" id="${id}">${JSON.stringify(value).replace(/</g, "\\u003c")}</script>`;

const VERDICT_TEXT = { same: "same output ✓", different: "different output", error: "failed" } as const;

function cellHtml(
  cell: ExportCell,
  number: number | undefined,
  replay: ExportSession["replay"],
  charts: Chart[],
) {
  if (number === undefined) {
    const why =
      cell.status === "skipped" ? `Skipped${cell.skipReason ? `: ${cell.skipReason}` : ""}` : "Never run";
    return `<section class="cell" data-status="${cell.status}"><details class="code"><summary>${escapeHtml(why)}</summary><pre><code>${escapeHtml(cell.proposedCode)}</code></pre></details></section>`;
  }
  const edited = cell.executedCode !== null && cell.executedCode !== cell.proposedCode ? " · edited" : "";
  const failed = cell.status === "error" ? " · raised an error" : "";
  const verdict = replay?.cells.find((item) => item.cellId === cell.id);
  const replayHtml = verdict
    ? `<div class="verdict" data-verdict="${verdict.verdict}">Replay: ${VERDICT_TEXT[verdict.verdict]}${
        verdict.diff
          ? `<details><summary>What changed</summary><pre>${escapeHtml(verdict.diff)}</pre></details>`
          : ""
      }</div>`
    : "";
  const outputs = cell.outputs
    .map((output) => `<div class="output">${outputHtml(output, charts)}</div>`)
    .join("");
  return `<section class="cell" data-status="${cell.status}"><details class="code"><summary>Cell [${number}]${edited}${failed}</summary><pre><code>${escapeHtml(codeOf(cell))}</code></pre></details>${
    outputs ? `<div class="outputs">${outputs}</div>` : ""
  }${replayHtml}</section>`;
}

/**
 * The report. `chartLibraries` is the renderer's source (report-renderer.ts), passed in so the
 * builder stays a pure function; it is included only when the session has a chart.
 */
export function buildReport(session: ExportSession, chartLibraries: string): string {
  const executed = executedCells(session);
  const numberOf = new Map(executed.map((cell, index) => [cell.id, index + 1]));
  const replay = session.replay ? summarizeReplay(session.replay, executed) : null;
  const charts: Chart[] = [];
  const turns = session.turns
    .map((turn) => {
      if (turn.role === "user") return `<div class="question">${escapeHtml(turn.text)}</div>`;
      const text = turn.text ? `<div class="markdown">${markdownToHtml(turn.text)}</div>` : "";
      const cells = turn.cells.map((cell) => cellHtml(cell, numberOf.get(cell.id), session.replay, charts));
      return `<div class="answer">${text}${cells.join("")}</div>`;
    })
    .join("\n");
  const scripts = charts.length ? [chartLibraries, CHART_BOOT] : [];
  const policy = [
    "default-src 'none'",
    `script-src ${scripts.length ? scripts.map(hashOf).join(" ") : "'none'"}`,
    // vega-embed writes its own <style>; a style can load nothing these directives forbid.
    "style-src 'unsafe-inline'",
    "img-src data: blob:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const replayLine = replay
    ? `<p class="replay" data-ok="${replay.ok}">${escapeHtml(replay.text)}</p>`
    : `<p class="replay">Not replayed from scratch yet.</p>`;
  const about = `Exported from Ada on ${formatDate(session.exportedAt)} · started ${formatDate(session.createdAt)}${
    session.model ? ` · model ${session.model}` : ""
  }`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="robots" content="noindex">
<meta name="generator" content="Ada">
<title>${escapeHtml(session.title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(session.title)}</h1>
<p class="about">${escapeHtml(about)}</p>
${replayLine}
<section class="files"><h2>Data</h2>${markdownToHtml(filesMarkdown(session))}</section>
</header>
${turns}
</main>
${charts.map((chart) => jsonScript(chart.id, chart.spec)).join("\n")}
${scripts.map((script) => `<script>${script}</script>`).join("\n")}
</body>
</html>
`;
}
