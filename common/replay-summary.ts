/**
 * "Re-run from scratch": what the browser records of a replay and what the exports say about it.
 * Free of zod, so the browser's bundle can use it (zod probes for `eval`, which the page's CSP
 * reports); the schemas that check what is recorded are in replay-schema.ts.
 */
import { formatDate } from "./dates.ts";

/** A diff longer than this is cut (it says so): the verdict is the point, the diff a hint. */
export const MAX_DIFF_CHARS = 20_000;
/** A session has at most this many cells that a replay can report on. */
export const MAX_REPLAY_CELLS = 1_000;

export type ReplayCell = {
  cellId: string;
  /** Same output; different output (`diff` says how); or the replay raised where the run did not. */
  verdict: "same" | "different" | "error";
  /** A unified diff of the outputs as text (different), or the error (error); empty when the same. */
  diff: string;
};
export type Replay = { replayedAt: Date; cells: ReplayCell[] };

export type ReplaySummary = {
  ok: boolean;
  /** "Replayed ✓ on 2026-11-30 21:51 UTC", or the first cell that differs or fails. */
  text: string;
  /** The first cell that did not replay the same, if any. */
  firstProblem: { cellId: string; number: number; verdict: "different" | "error" } | null;
};

/**
 * One line about the replay for an export. Cells are numbered as they ran (a notebook's
 * execution count); cells that ran after the replay are mentioned, since it did not cover them.
 */
export function summarizeReplay(replay: Replay, executed: readonly { id: string }[]): ReplaySummary {
  const numberOf = new Map(executed.map((cell, index) => [cell.id, index + 1]));
  const when = formatDate(replay.replayedAt);
  const replayed = new Set(replay.cells.map((cell) => cell.cellId));
  const later = executed.filter((cell) => !replayed.has(cell.id)).length;
  const note = later ? ` (${later} cell${later === 1 ? "" : "s"} ran after it)` : "";
  const problem = replay.cells.find((cell) => cell.verdict !== "same");
  if (!problem) {
    return { ok: true, text: `Replayed ✓ on ${when}${note}`, firstProblem: null };
  }
  const number = numberOf.get(problem.cellId) ?? 0;
  const verdict = problem.verdict === "error" ? "error" : "different";
  const what = verdict === "error" ? "failed" : "gave a different output";
  const name = number ? `cell [${number}]` : "a cell since deleted";
  return {
    ok: false,
    text: `Replayed on ${when}: ${name} ${what}${note}`,
    firstProblem: { cellId: problem.cellId, number, verdict },
  };
}
