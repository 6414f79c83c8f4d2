/** Messages between the page (python-kernel.ts) and the Python worker (worker.ts). */

/** Where files live in Python: an IDBFS mount, whose IndexedDB database has this name too. */
export const DATA_ROOT = "/data";

/** Built by scripts/browser-assets.ts; revalidated on every load (next.config.ts). */
export const WORKER_URL = "/python-worker.mjs";

/**
 * The page's HTML starts the worker from an inline script, before the app's code has loaded
 * (early-worker.tsx); the kernel adopts it from this global.
 */
export const EARLY_WORKER_GLOBAL = "adaPythonWorker";

export type CellFigure = { png: string };
export type CellTable = { html: string };

export type RunResult = {
  status: "completed" | "error";
  /** repr of the last expression, when it had a value that is not shown as a table. */
  value: string | null;
  /** The traceback (user frames only) when the code raised. */
  error: string | null;
  figures: CellFigure[];
  tables: CellTable[];
};

/** A run that ended before Python could report on it (a failed start, a restart). */
export const failedRun = (error: string): RunResult => ({
  status: "error",
  value: null,
  error,
  figures: [],
  tables: [],
});

/** What a cell's stderr shows and stores: the stream, then the traceback on a line of its own. */
export const stderrWithError = (stderr: string, error: string | null) =>
  error ? `${stderr}${stderr && !stderr.endsWith("\n") ? "\n" : ""}${error}` : stderr;

/** A file under /data, as the worker reports it. */
export type DataFile = { path: string; sizeBytes: number; columns: string[] | null };

/** Operations on /data (an IndexedDB-backed filesystem), each persisted before it is answered. */
export type FilesRequest =
  | { op: "list" }
  | { op: "write"; name: string; bytes: ArrayBuffer }
  | { op: "read"; path: string }
  | { op: "clear" };

export type ToWorker =
  | { type: "init"; interruptBuffer: Uint8Array | null }
  | { type: "run"; id: number; code: string }
  | ({ type: "files"; id: number } & FilesRequest);

export type FromWorker =
  | { type: "ready"; startupMs: number }
  | { type: "failed"; message: string }
  | { type: "progress"; id: number; message: string }
  | { type: "output"; id: number; stream: "stdout" | "stderr"; text: string }
  | { type: "done"; id: number; result: RunResult }
  | { type: "files"; id: number; files: DataFile[]; written?: string; bytes?: ArrayBuffer }
  | { type: "files-failed"; id: number; message: string };
