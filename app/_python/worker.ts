/**
 * The Python worker: one Pyodide for the page's lifetime, running cells one at a time. Compiled
 * to public/python-worker.mjs by scripts/browser-assets.ts (not by Next's bundler) and started
 * as a module worker; the runtime loads from this app's origin.
 */
import type { PyodideAPI } from "pyodide";
import { messageOf } from "#common/error-message.ts";
import displaySource from "./ada_display.py";
import filesSource from "./ada_files.py";
import mplBackendSource from "./ada_mpl_backend.py";
import { modelView } from "./masking.ts";
import { memorySnapshots } from "./memory-snapshots.ts";
import { PackageDownloads, packagesUrl } from "./package-loading.ts";
import {
  DATA_ROOT,
  type DataFile,
  type FilesRequest,
  type FromWorker,
  failedRun,
  type PrivateColumns,
  type RunResult,
  type ToWorker,
} from "./protocol.ts";
import { RunOutputs } from "./run-outputs.ts";
import runtimeSource from "./runtime.py";
import { packagesToLoad } from "./shimmed-imports.ts";
import ipythonInitSource from "./shims/IPython/__init__.py";
import ipythonDisplaySource from "./shims/IPython/display.py";

declare const PYODIDE_BASE: string;

/** Where the worker puts Python modules of its own, first on sys.path. */
const MODULE_DIR = "/ada";

type WorkerScope = {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  addEventListener(type: "message", listener: (event: MessageEvent<ToWorker>) => void): void;
};
const scope = self as unknown as WorkerScope;
const post = (message: FromWorker) => scope.postMessage(message);

/** The run in progress: where Python's output goes (between runs, nowhere). */
let current: RunOutputs | null = null;
let interruptBuffer: Uint8Array | null = null;
/** A scratch kernel (a replay) leaves /data as it found it in IndexedDB. */
let isScratch = false;

const snapshots = memorySnapshots(`${PYODIDE_BASE}memory-snapshot`);

type LoadPyodide = (options: Record<string, unknown>) => Promise<PyodideAPI>;

async function loadInterpreter(loadPyodide: LoadPyodide) {
  const options = {
    indexURL: PYODIDE_BASE,
    packageBaseUrl: packagesUrl(self.location.href),
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
  pyodide.setStdout({ write: (bytes: Uint8Array) => current?.write("stdout", bytes) ?? bytes.length });
  pyodide.setStderr({ write: (bytes: Uint8Array) => current?.write("stderr", bytes) ?? bytes.length });
  // IndexedDB is read on the browser's own thread while the runtime module is set up here.
  const mounted = mountData(pyodide);
  writeModules(pyodide);
  const runtime = pyodide.globals.get("dict")();
  runtime.set("publish", (json: string) => current?.publish(json));
  pyodide.runPython(runtimeSource, { globals: runtime });
  await mounted;
  return {
    pyodide,
    runCell: runtime.get("run") as (code: string) => Promise<RunResult["status"]>,
    describeFiles: runtime.get("describe_files") as (root: string) => { toJs(options: object): unknown },
    clearFiles: runtime.get("clear_files") as (root: string) => void,
    privateValues: runtime.get("private_values") as (
      path: string,
      columns: string[],
    ) => { toJs(): string[]; destroy(): void },
    startupMs: Math.round(performance.now() - started),
  };
}

/**
 * The kernel's own Python modules, first on sys.path: display and files code (tested under
 * CPython), matplotlib's backend for `plt.show()`, and `IPython.display` for notebook code.
 */
function writeModules(pyodide: PyodideAPI) {
  const modules = {
    "ada_display.py": displaySource,
    "ada_files.py": filesSource,
    "ada_mpl_backend.py": mplBackendSource,
    "IPython/__init__.py": ipythonInitSource,
    "IPython/display.py": ipythonDisplaySource,
  };
  pyodide.FS.mkdirTree(`${MODULE_DIR}/IPython`);
  for (const [name, source] of Object.entries(modules)) pyodide.FS.writeFile(`${MODULE_DIR}/${name}`, source);
  pyodide.runPython(`import sys\nsys.path.insert(0, ${JSON.stringify(MODULE_DIR)})`);
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

/**
 * Loads what the code imports, showing in the cell what loads and how much has arrived. Answers
 * the lines the cell's stderr is to show about packages that could not be had (none when all
 * loaded); the code runs either way.
 */
async function loadImports(pyodide: PyodideAPI, id: number, code: string) {
  const packageOf = new Map(
    Object.values(pyodide.lockfile.packages).map((entry) => [entry.file_name, entry.name]),
  );
  const downloads = new PackageDownloads({
    baseUrl: packagesUrl(self.location.href),
    packageOf: (fileName) => packageOf.get(fileName),
    fetch: self.fetch.bind(self),
    onProgress: (message) => post({ type: "progress", id, message }),
  });
  // Pyodide fetches package files with the global fetch; runs never overlap (the worker's queue).
  const browserFetch = self.fetch;
  self.fetch = downloads.fetch;
  try {
    // What loadPackagesFromImports does, minus the modules /ada stands in for (IPython, which
    // would fetch ipython and eleven more packages).
    const found = pyodide.pyodide_py.code.find_imports(code);
    const packages = packagesToLoad(found.toJs() as string[], pyodide.lockfile.packages);
    found.destroy();
    if (packages.length > 0) {
      await pyodide.loadPackage(packages, {
        messageCallback: downloads.onMessage,
        // Its per-package errors are summed up by `problems()`.
        errorCallback: () => {},
      });
    }
  } finally {
    self.fetch = browserFetch;
  }
  return downloads.problems();
}

/** A file's private column values as they are before the cell runs (masking.ts's `modelView`). */
async function readPrivateValues(path: string, columns: string[]) {
  const { privateValues } = await ready;
  const proxy = privateValues(path, columns);
  try {
    return proxy.toJs() as string[];
  } finally {
    proxy.destroy();
  }
}

async function run(id: number, code: string, privateColumns: PrivateColumns[]) {
  const { pyodide, runCell } = await ready;
  const mask = await modelView(privateColumns, readPrivateValues);
  const outputs = new RunOutputs((output) => post({ type: "output", id, output }));
  current = outputs;
  try {
    if (interruptBuffer) interruptBuffer[0] = 0;
    for (const line of await loadImports(pyodide, id, code)) outputs.note(line);
    const status = await runCell(code);
    // Files the code wrote survive a reload.
    if (!isScratch) await persist(pyodide).catch((error: Error) => outputs.note(error.message));
    const shown = outputs.finish();
    const modelOutputs = mask(shown);
    post({ type: "done", id, result: { status, outputs: shown, ...(modelOutputs && { modelOutputs }) } });
  } finally {
    current = null;
  }
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
    isScratch = data.scratch === true;
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
    run(data.id, data.code, data.privateColumns).catch((error: unknown) =>
      post({ type: "done", id: data.id, result: failedRun(messageOf(error)) }),
    ),
  );
});
