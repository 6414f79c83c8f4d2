/** Messages between the page (python-kernel.ts) and the Python worker (worker.ts). */
import { type CellOutput, type ErrorOutput, errorText, streamText } from "#common/nbformat-outputs.ts";

/** Where files live in Python: an IDBFS mount, whose IndexedDB database has this name too. */
export const DATA_ROOT = "/data";

/** Built by scripts/browser-assets.ts; revalidated on every load (next.config.ts). */
export const WORKER_URL = "/python-worker.mjs";

/**
 * The page's HTML starts the worker from an inline script, before the app's code has loaded
 * (early-worker.tsx); the kernel adopts it from this global.
 */
export const EARLY_WORKER_GLOBAL = "adaPythonWorker";

export type RunResult = {
  status: "completed" | "error";
  /** Everything the cell showed, in order (streams, displays, its value, the error). */
  outputs: CellOutput[];
  /** With private columns: the outputs as the model may be told them, their values masked. */
  modelOutputs?: CellOutput[];
};

/** Columns of a file under /data the user marked private: their values never reach the model. */
export type PrivateColumns = { path: string; columns: string[] };

/** An error output of our own (a failed start, a restart, a time-out), shaped like Python's. */
export const errorOutput = (message: string, ename = "Error"): ErrorOutput => ({
  output_type: "error",
  ename,
  evalue: message,
  traceback: [message],
});

/** A run that ended before Python could report on it (a failed start, a restart). */
export const failedRun = (message: string): RunResult => ({
  status: "error",
  outputs: [errorOutput(message)],
});

/**
 * What the `stdout` and `stderr` columns store (and the model reads): each stream's text, with
 * the traceback on a line of its own after stderr.
 */
export function streamsOf(outputs: readonly CellOutput[]) {
  const stderr = streamText(outputs, "stderr");
  const errors = outputs.flatMap((output) => (output.output_type === "error" ? [errorText(output)] : []));
  const separator = stderr && !stderr.endsWith("\n") ? "\n" : "";
  return {
    stdout: streamText(outputs, "stdout"),
    stderr: errors.length ? `${stderr}${separator}${errors.join("\n")}` : stderr,
  };
}

/** A column of a tabular file, with a simple type read from its first rows. */
type DataColumn = { name: string; type: string };

/** A file under /data, as the worker reports it. */
export type DataFile = { path: string; sizeBytes: number; columns: DataColumn[] | null };

/** Operations on /data (an IndexedDB-backed filesystem), each persisted before it is answered. */
export type FilesRequest =
  | { op: "list" }
  | { op: "write"; name: string; bytes: ArrayBuffer }
  | { op: "read"; path: string }
  | { op: "clear" };

export type ToWorker =
  /** `scratch`: /data is read but never written back (a replay's files stay out of the user's). */
  | { type: "init"; interruptBuffer: Uint8Array | null; scratch?: boolean }
  | { type: "run"; id: number; code: string; privateColumns: PrivateColumns[] }
  | ({ type: "files"; id: number } & FilesRequest);

export type FromWorker =
  | { type: "ready"; startupMs: number }
  | { type: "failed"; message: string }
  | { type: "progress"; id: number; message: string }
  /** An output as it happens; stream text comes in pieces that `appendOutput` joins. */
  | { type: "output"; id: number; output: CellOutput }
  | { type: "done"; id: number; result: RunResult }
  | { type: "files"; id: number; files: DataFile[]; written?: string; bytes?: ArrayBuffer }
  | { type: "files-failed"; id: number; message: string };
