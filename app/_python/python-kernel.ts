/**
 * The page's handle on the Python worker: starts it at page load, runs cells one at a time with
 * their output streamed, and stops runaway code. Where the page is cross-origin isolated an
 * interrupt buffer raises KeyboardInterrupt and keeps the interpreter's state; otherwise (or
 * when Python does not notice the interrupt in time) the worker is restarted.
 */

import type { CellOutput } from "#common/nbformat-outputs.ts";
import { markOnce } from "../_lib/user-timing.ts";
import {
  DATA_ROOT,
  type DataFile,
  EARLY_WORKER_GLOBAL,
  errorOutput,
  type FilesRequest,
  type FromWorker,
  failedRun,
  type PrivateColumns,
  type RunResult,
  type ToWorker,
} from "./protocol.ts";

type FilesAnswer = { files: DataFile[]; written?: string; bytes?: ArrayBuffer };

export type KernelStatus = "starting" | "ready" | "busy" | "failed";

type RunCallbacks = {
  /** Each output as it happens; stream text comes in pieces (`appendOutput` joins them). */
  onOutput?: (output: CellOutput) => void;
  onProgress?: (message: string) => void;
  /** Columns whose values the result's `modelOutputs` masks. */
  privateColumns?: PrivateColumns[];
};

type PendingRun = RunCallbacks & {
  id: number;
  resolve: (result: RunResult) => void;
  timer: ReturnType<typeof setTimeout>;
  stopReason: string | null;
};

/** How long Python gets to notice an interrupt before the worker is restarted. */
const INTERRUPT_GRACE_MS = 1500;

/** The worker the page's HTML started, once (a restart makes a new one). */
function adoptEarlyWorker() {
  const scope = globalThis as unknown as Record<string, Worker | undefined>;
  const early = scope[EARLY_WORKER_GLOBAL];
  delete scope[EARLY_WORKER_GLOBAL];
  return early;
}

export class PythonKernel {
  status: KernelStatus = "starting";
  /** Why the worker could not start, when status is "failed". */
  failure: string | null = null;
  private worker!: Worker;
  private interruptBuffer: Uint8Array | null = null;
  private readonly runs = new Map<number, PendingRun>();
  private readonly fileRequests = new Map<
    number,
    { resolve: (answer: FilesAnswer) => void; reject: (error: Error) => void }
  >();
  private nextId = 1;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly workerUrl: string,
    private readonly timeoutMs: number,
    /** A kernel of its own for a replay: a new interpreter that never writes /data back. */
    private readonly options: { scratch?: boolean } = {},
  ) {
    this.start();
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getStatus = () => this.status;

  private setStatus(status: KernelStatus) {
    this.status = status;
    for (const listener of this.listeners) listener();
  }

  private start() {
    this.setStatus("starting");
    const { scratch = false } = this.options;
    this.worker =
      (scratch ? undefined : adoptEarlyWorker()) ??
      new Worker(this.workerUrl, { type: "module", name: scratch ? "python-replay" : "python" });
    this.interruptBuffer = globalThis.crossOriginIsolated ? new Uint8Array(new SharedArrayBuffer(1)) : null;
    this.worker.addEventListener("message", (event: MessageEvent<FromWorker>) => this.receive(event.data));
    // A KeyboardInterrupt can also surface as an uncaught error in Pyodide's event loop.
    this.worker.addEventListener("error", (event) => event.preventDefault());
    this.send({ type: "init", interruptBuffer: this.interruptBuffer, scratch });
  }

  private send(message: ToWorker) {
    this.worker.postMessage(message);
  }

  private receive(message: FromWorker) {
    if (message.type === "ready") {
      markOnce("ada:python-ready", { startupMs: message.startupMs });
      this.setStatus(this.runs.size ? "busy" : "ready");
      return;
    }
    if (message.type === "failed") {
      this.failure = message.message;
      this.setStatus("failed");
      for (const run of this.runs.values())
        this.finish(run, failedRun(`Python could not start: ${message.message}`));
      for (const request of this.fileRequests.values()) {
        request.reject(new Error(`Python could not start: ${message.message}`));
      }
      this.fileRequests.clear();
      return;
    }
    if (message.type === "files" || message.type === "files-failed") {
      const request = this.fileRequests.get(message.id);
      this.fileRequests.delete(message.id);
      if (message.type === "files") request?.resolve(message);
      else request?.reject(new Error(message.message));
      return;
    }
    const run = this.runs.get(message.id);
    if (!run) return;
    if (message.type === "output") run.onOutput?.(message.output);
    else if (message.type === "progress") run.onProgress?.(message.message);
    else if (run.stopReason && message.result.status === "error") {
      // Python's KeyboardInterrupt, followed by why it was sent.
      const stopped = errorOutput(run.stopReason, "Stopped");
      const { outputs, modelOutputs } = message.result;
      this.finish(run, {
        ...message.result,
        outputs: [...outputs, stopped],
        ...(modelOutputs && { modelOutputs: [...modelOutputs, stopped] }),
      });
    } else this.finish(run, message.result);
  }

  private finish(run: PendingRun, result: RunResult) {
    markOnce("ada:first-result");
    clearTimeout(run.timer);
    this.runs.delete(run.id);
    run.resolve(result);
    if (this.status === "busy" && this.runs.size === 0) this.setStatus("ready");
  }

  /** Runs a cell; resolves with its result, including errors, interrupts and time-outs. */
  run(code: string, callbacks: RunCallbacks = {}): Promise<RunResult> {
    if (this.status === "failed")
      return Promise.resolve(failedRun(`Python could not start: ${this.failure}`));
    const id = this.nextId++;
    return new Promise((resolve) => {
      const run: PendingRun = {
        ...callbacks,
        id,
        resolve,
        stopReason: null,
        timer: setTimeout(
          () => this.stop(id, `Stopped: the cell ran longer than ${Math.round(this.timeoutMs / 1000)} s.`),
          this.timeoutMs,
        ),
      };
      this.runs.set(id, run);
      if (this.status === "ready") this.setStatus("busy");
      this.send({ type: "run", id, code, privateColumns: callbacks.privateColumns ?? [] });
    });
  }

  /** Lists, writes, reads or clears /data; each change is persisted before it resolves. */
  files(request: FilesRequest): Promise<FilesAnswer> {
    if (this.status === "failed") return Promise.reject(new Error(`Python could not start: ${this.failure}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.fileRequests.set(id, { resolve, reject });
      const transfer = request.op === "write" ? [request.bytes] : [];
      this.worker.postMessage({ type: "files", id, ...request } satisfies ToWorker, transfer);
    });
  }

  /** Stops the running cell (the Interrupt button). */
  interrupt() {
    const [running] = this.runs.keys();
    if (running !== undefined) this.stop(running, "Interrupted.");
  }

  private stop(id: number, reason: string) {
    const run = this.runs.get(id);
    if (!run || run.stopReason) return;
    run.stopReason = reason;
    if (this.interruptBuffer && this.status === "busy") {
      this.interruptBuffer[0] = 2; // SIGINT
      run.timer = setTimeout(() => this.restart(reason), INTERRUPT_GRACE_MS);
    } else {
      this.restart(reason);
    }
  }

  /**
   * A new interpreter with an empty /data, for the next visitor of this browser. IDBFS keeps
   * /data in an IndexedDB database named after the mount point.
   */
  async wipe() {
    this.stopWorker("Python was reset.");
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(DATA_ROOT);
      request.onsuccess = request.onerror = request.onblocked = resolve;
    });
    this.start();
  }

  /** Ends this kernel for good (a replay's, once it is done). */
  dispose() {
    this.stopWorker("Python was shut down.");
  }

  /** A new interpreter: variables and imports are lost (files in /data are kept). */
  private restart(reason: string) {
    this.stopWorker(reason);
    this.start();
  }

  private stopWorker(reason: string) {
    this.worker.terminate();
    const lost = [...this.runs.values()];
    this.runs.clear();
    for (const run of lost) {
      clearTimeout(run.timer);
      run.resolve(failedRun(`${reason} Python was restarted, so variables from earlier cells are gone.`));
    }
    for (const request of this.fileRequests.values())
      request.reject(new Error("Python was restarted; try again."));
    this.fileRequests.clear();
  }
}
