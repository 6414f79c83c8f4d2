/**
 * A session as the exports see it: its transcript in order, its cells with their stored nbformat
 * outputs, the files under /data its code used, and its last replay. The builders (notebook,
 * script, report) are pure functions of this shape, so they are tested without a database.
 */
import "server-only";
import type { CellOutput } from "#common/nbformat-outputs.ts";
import type { Replay } from "#common/replay-summary.ts";
import type { DataFileSource } from "./data-files.ts";

export type ExportCell = {
  id: string;
  proposedCode: string;
  executedCode: string | null;
  status: "pending" | "running" | "completed" | "skipped" | "error";
  outputs: CellOutput[];
  skipReason: string | null;
};

/** One step of the transcript: what the user asked, or what the agent answered with its cells. */
export type ExportTurn =
  | { role: "user"; text: string }
  | { role: "assistant"; text: string; cells: ExportCell[] };

export type ExportSession = {
  id: string;
  title: string;
  model: string | null;
  createdAt: Date;
  turns: ExportTurn[];
  files: DataFileSource[];
  replay: Replay | null;
  /** When the export was made (the report and the notebook say so). */
  exportedAt: Date;
};

/** Cells that ran (completed, or raised), in the order they ran: what a replay runs again. */
export const executedCells = (session: Pick<ExportSession, "turns">) =>
  session.turns.flatMap((turn) =>
    turn.role === "assistant"
      ? turn.cells.filter((cell) => cell.status === "completed" || cell.status === "error")
      : [],
  );

/** The code a cell ran, else what was proposed. */
export const codeOf = (cell: ExportCell) => cell.executedCode ?? cell.proposedCode;

/** A file name from the title: letters, digits and hyphens only. */
export const fileStem = (title: string) =>
  title
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .replace(/[\s_]+/g, "-")
    .slice(0, 60)
    .replace(/-+$/, "")
    .toLowerCase() || "analysis";
