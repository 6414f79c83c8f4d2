/**
 * The Python worker: one Pyodide for the page's lifetime, running cells one at a time. Compiled
 * to public/python-worker.mjs by scripts/browser-assets.ts (not by Next's bundler) and started
 * as a module worker; the runtime loads from this app's origin.
 */
import type { PyodideAPI } from "pyodide";
import { messageOf } from "#server/error-message.ts";
import {
  DATA_ROOT,
  type DataFile,
  type FilesRequest,
  type FromWorker,
  failedRun,
  type RunResult,
  type ToWorker,
} from "./protocol.ts";
import runtimeSource from "./runtime.py";

declare const PYODIDE_BASE: string;

type WorkerScope = {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  addEventListener(type: "message", listener: (event: MessageEvent<ToWorker>) => void): void;
};
const scope = self as unknown as WorkerScope;
const post = (message: FromWorker) => scope.postMessage(message);

/** Output is forwarded as it comes, a few times a second at most, and in full at the end of a run. */
const FLUSH_INTERVAL_MS = 50;

class OutputForwarder {
  private readonly decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  private pending = { stdout: "", stderr: "" };
  private lastFlush = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  runId = 0;

  write(stream: "stdout" | "stderr", bytes: Uint8Array) {
    this.pending[stream] += this.decoders[stream].decode(bytes, { stream: true });
    // Synchronous Python never yields to timers, so a busy cell is flushed from its own writes.
    if (performance.now() - this.lastFlush >= FLUSH_INTERVAL_MS) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_INTERVAL_MS);
    return bytes.length;
  }

  /** A line of our own on the run's stderr (a missing package, /data that could not be saved). */
  note(line: string) {
    this.write("stderr", new TextEncoder().encode(`${line}\n`));
  }

  flush(final = false) {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.lastFlush = performance.now();
    for (const stream of ["stdout", "stderr"] as const) {
      if (final) this.pending[stream] += this.decoders[stream].decode();
      const text = this.pending[stream];
      this.pending[stream] = "";
      if (text) post({ type: "output", id: this.runId, stream, text });
    }
  }
}

const output = new OutputForwarder();
let interruptBuffer: Uint8Array | null = null;

/**
 * Python's memory right after start-up, kept in Cache Storage per Pyodide version: a later start
 * restores it instead of initialising the interpreter again (the larger part of a warm start).
 */
const snapshotKey = `${PYODIDE_BASE}memory-snapshot`;
const snapshots = {
  async read() {
    const cache = await caches.open("ada-python").catch(() => undefined);
    const hit = await cache?.match(snapshotKey);
    return hit ? new Uint8Array(await hit.arrayBuffer()) : undefined;
  },
  async write(bytes: Uint8Array) {
    const cache = await caches.open("ada-python");
    await cache.put(
      snapshotKey,
      new Response(bytes as Uint8Array<ArrayBuffer>, {
        headers: { "content-type": "application/octet-stream" },
      }),
    );
  },
  async drop() {
    await (await caches.open("ada-python")).delete(snapshotKey);
  },
};

type LoadPyodide = (options: Record<string, unknown>) => Promise<PyodideAPI>;

async function loadInterpreter(loadPyodide: LoadPyodide) {
  const options = {
    indexURL: PYODIDE_BASE,
    packageBaseUrl: "/api/python-packages/",
    // The default backend draws into the page's DOM, which a worker has not (notes/pyodide.md §4.4).
    env: { MPLBACKEND: "Agg" },
  };
  const snapshot = await snapshots.read().catch(() => undefined);
  if (snapshot) {
    try {
      return await loadPyodide({ ...options, _loadSnapshot: snapshot });
    } catch {
      await snapshots.drop().catch(() => {});
    }
  }
  const pyodide = await loadPyodide({ ...options, _makeSnapshot: true });
  // Taken before anything else runs in it; storing it must not delay the first cell.
  const fresh = pyodide.makeMemorySnapshot();
  setTimeout(() => void snapshots.write(fresh).catch(() => {}), 0);
  return pyodide;
}

async function start() {
  const started = performance.now();
  const { loadPyodide } = (await import(/* webpackIgnore: true */ `${PYODIDE_BASE}pyodide.mjs`)) as {
    loadPyodide: LoadPyodide;
  };
  const pyodide = await loadInterpreter(loadPyodide);
  pyodide.setStdout({ write: (bytes: Uint8Array) => output.write("stdout", bytes) });
  pyodide.setStderr({ write: (bytes: Uint8Array) => output.write("stderr", bytes) });
  // IndexedDB is read on the browser's own thread while the runtime module is set up here.
  const mounted = mountData(pyodide);
  const runtime = pyodide.globals.get("dict")();
  pyodide.runPython(runtimeSource, { globals: runtime });
  await mounted;
  return {
    pyodide,
    runCell: runtime.get("run") as (code: string) => Promise<{ toJs(options: object): unknown }>,
    describeFiles: runtime.get("describe_files") as (root: string) => { toJs(options: object): unknown },
    clearFiles: runtime.get("clear_files") as (root: string) => void,
    startupMs: Math.round(performance.now() - started),
  };
}

/**
 * /data lives in IndexedDB (IDBFS): restored into memory when the worker starts, and written
 * back after every change. Callers go through the worker's one queue, so syncs never overlap.
 */
async function mountData(pyodide: PyodideAPI) {
  pyodide.FS.mkdirTree(DATA_ROOT);
  pyodide.FS.mount(pyodide.FS.filesystems.IDBFS, {}, DATA_ROOT);
  await syncData(pyodide, true);
}

function syncData(pyodide: PyodideAPI, populate: boolean) {
  return new Promise<void>((resolve, reject) =>
    pyodide.FS.syncfs(populate, (error: unknown) => (error ? reject(error) : resolve())),
  );
}

/** Writes /data back to IndexedDB; a file it cannot hold is removed again and named. */
async function persist(pyodide: PyodideAPI, written?: string) {
  try {
    await syncData(pyodide, false);
  } catch (error) {
    if (written) {
      pyodide.FS.unlink(written);
      await syncData(pyodide, false).catch(() => {});
    }
    const reason = messageOf(error);
    throw new Error(
      /too large/i.test(reason)
        ? `${written ?? "A file"} is too large for the browser's storage.`
        : `Could not save /data: ${reason}`,
    );
  }
}

let initialised: () => void;
const init = new Promise<void>((resolve) => {
  initialised = resolve;
});
const ready = start();
// Announced once the page listens: the page may create this worker before its own code has loaded.
void init.then(() =>
  ready.then(
    ({ startupMs }) => post({ type: "ready", startupMs }),
    (error: unknown) => post({ type: "failed", message: messageOf(error) }),
  ),
);

/** Loads what the code imports; names that fail are reported, and the code still runs. */
async function loadImports(pyodide: PyodideAPI, id: number, code: string) {
  const unavailable: string[] = [];
  await pyodide.loadPackagesFromImports(code, {
    messageCallback: (message) => {
      const failed = /^Failed to load (.+)$/.exec(message);
      if (failed?.[1]) unavailable.push(...failed[1].split(",").map((name) => name.trim()));
      else post({ type: "progress", id, message });
    },
    errorCallback: () => {},
  });
  return unavailable;
}

async function run(id: number, code: string) {
  const { pyodide, runCell } = await ready;
  output.runId = id;
  if (interruptBuffer) interruptBuffer[0] = 0;
  const unavailablePackages = await loadImports(pyodide, id, code);
  for (const name of unavailablePackages)
    output.note(`Package ${name} is not available: it could not be downloaded.`);
  const proxy = await runCell(code);
  // Files the code wrote survive a reload.
  await persist(pyodide).catch((error: Error) => output.note(error.message));
  const result = proxy.toJs({ dict_converter: Object.fromEntries }) as RunResult;
  (proxy as unknown as { destroy(): void }).destroy();
  output.flush(true);
  post({
    type: "done",
    id,
    result: {
      ...result,
      figures: (result.figures as unknown as string[]).map((png) => ({ png })),
      tables: (result.tables as unknown as string[]).map((html) => ({ html })),
    },
  });
}

const baseName = (name: string) => name.split(/[\\/]/).pop()?.replace(/^\.+/, "") || "file";

async function files(
  request: FilesRequest,
): Promise<{ files: DataFile[]; written?: string; bytes?: ArrayBuffer }> {
  const { pyodide, describeFiles, clearFiles } = await ready;
  const list = () => {
    const proxy = describeFiles(DATA_ROOT);
    const described = proxy.toJs({ dict_converter: Object.fromEntries }) as DataFile[];
    (proxy as unknown as { destroy(): void }).destroy();
    return described;
  };
  if (request.op === "write") {
    const target = `${DATA_ROOT}/${baseName(request.name)}`;
    pyodide.FS.writeFile(target, new Uint8Array(request.bytes));
    await persist(pyodide, target);
    return { files: list(), written: target };
  } else if (request.op === "clear") {
    clearFiles(DATA_ROOT);
    await persist(pyodide);
  } else if (request.op === "read") {
    if (!request.path.startsWith(`${DATA_ROOT}/`)) throw new Error("Only files under /data can be read.");
    const bytes = pyodide.FS.readFile(request.path) as Uint8Array;
    return { files: [], bytes: bytes.slice().buffer };
  }
  return { files: list() };
}

// One request at a time, in the order they were sent: cells and /data changes alike.
let queue = Promise.resolve();
scope.addEventListener("message", ({ data }) => {
  if (data.type === "init") {
    initialised();
    interruptBuffer = data.interruptBuffer;
    void ready.then(({ pyodide }) => {
      if (interruptBuffer) pyodide.setInterruptBuffer(interruptBuffer);
    });
    return;
  }
  if (data.type === "files") {
    const { id } = data;
    queue = queue.then(() =>
      files(data).then(
        (answer) => scope.postMessage({ type: "files", id, ...answer }, answer.bytes ? [answer.bytes] : []),
        (error: unknown) => post({ type: "files-failed", id, message: messageOf(error) }),
      ),
    );
    return;
  }
  queue = queue.then(() =>
    run(data.id, data.code).catch((error: unknown) => {
      output.flush(true);
      post({ type: "done", id: data.id, result: failedRun(messageOf(error)) });
    }),
  );
});
