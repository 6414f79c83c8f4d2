/**
 * "Re-run from scratch": which cells a replay runs, and how each replayed cell compares with the
 * run that is stored. Text outputs are compared exactly, charts by their spec, images by being
 * there; a cell that raises where it did not is an error.
 */
import { createTwoFilesPatch } from "diff";
import { type CellOutput, preferredMime, textOf } from "#common/nbformat-outputs.ts";
import { MAX_DIFF_CHARS, type ReplayCell } from "#common/replay-summary.ts";
import type { MessageRow, ToolCallRow } from "#common/synced-tables.ts";
import type { RunResult } from "../_python/protocol.ts";

const byCreation = (a: ToolCallRow, b: ToolCallRow) =>
  a.created_at.getTime() - b.created_at.getTime() || a.call_id.localeCompare(b.call_id);

/** The session's cells that ran (completed, or raised), in the order the transcript shows them. */
export function cellsToReplay(messages: readonly MessageRow[], cells: readonly ToolCallRow[]) {
  return [...messages]
    .sort((a, b) => a.seq - b.seq)
    .flatMap((message) =>
      cells
        .filter(
          (cell) =>
            cell.message_id === message.id && (cell.status === "completed" || cell.status === "error"),
        )
        .sort(byCreation),
    );
}

/** JSON with its keys sorted, so two equal specs read the same whatever order they were written in. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${stableJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

const IMAGE_MIMES = new Set(["image/png", "image/jpeg", "image/svg+xml"]);

/** One output as the text a replay compares: exact text, a chart's spec, or only that an image is there. */
function comparable(output: CellOutput) {
  switch (output.output_type) {
    case "stream":
      return `[${output.name}]\n${output.text}`;
    case "error":
      return `[error]\n${output.ename}: ${output.evalue}`;
    default: {
      const mime = preferredMime(output.data ?? {});
      const kind = output.output_type === "execute_result" ? "result" : "display";
      if (!mime) return `[${kind}] ${Object.keys(output.data ?? {}).join(", ")}`;
      if (IMAGE_MIMES.has(mime)) return `[${kind} ${mime}] an image`;
      const value = output.data[mime];
      const text = typeof value === "string" || Array.isArray(value) ? textOf(value) : stableJson(value);
      return `[${kind} ${mime}]\n${text}`;
    }
  }
}

/** A cell's outputs as one text, lines ending in a newline so a diff reads cleanly. */
export function comparableText(outputs: readonly CellOutput[]) {
  return outputs.map((output) => `${comparable(output).replace(/\n?$/, "\n")}`).join("");
}

/** Lines of each side a diff looks at, and the edits it may take: a diff must not stall the page. */
const DIFF_LINES = 2_000;
const DIFF_EDITS = 1_000;

const firstLines = (text: string) => text.split("\n").slice(0, DIFF_LINES).join("\n");

const cut = (text: string) =>
  text.length <= MAX_DIFF_CHARS
    ? text
    : `${text.slice(0, MAX_DIFF_CHARS - 40)}\n… (the rest of the diff is cut)`;

/** The verdict on one replayed cell, with what changed when it is not the same. */
export function judgeReplay(
  cell: Pick<ToolCallRow, "id" | "status" | "outputs">,
  replayed: RunResult,
): ReplayCell {
  const before = comparableText(cell.outputs ?? []);
  const after = comparableText(replayed.outputs);
  if (before === after) return { cellId: cell.id, verdict: "same", diff: "" };
  const patch = createTwoFilesPatch(
    "as it ran",
    "replayed",
    firstLines(before),
    firstLines(after),
    undefined,
    undefined,
    {
      context: 2,
      maxEditLength: DIFF_EDITS,
      timeout: 500,
    },
  );
  // The first line is a row of "=" that says nothing. Outputs too far apart get their starts instead.
  const diff = cut(
    patch === undefined
      ? `The outputs are too different to compare line by line.\n--- as it ran\n${before}\n--- replayed\n${after}`
      : patch.split("\n").slice(1).join("\n").trimEnd(),
  );
  return { cellId: cell.id, verdict: replayed.status === "error" ? "error" : "different", diff };
}
