/**
 * The browser's Python runtime, as static files in public/ (both generated, not committed):
 * - public/pyodide/<version>/: the `pyodide` npm package's runtime files, under a versioned path
 *   so they can be cached forever (next.config.ts);
 * - public/python-worker.mjs: the module worker, compiled here with esbuild because Next's
 *   bundlers turn `new Worker(new URL(…))` into a classic worker, which Pyodide 314 refuses
 *   (ARCHITECTURE.md, "Traps").
 * `npm run build` runs this once; `npm run dev` runs it in watch mode.
 */
import { copyFile, mkdir, readFile, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const pyodideDir = path.dirname(require.resolve("pyodide/package.json"));
const RUNTIME_FILES = [
  "pyodide.mjs",
  "pyodide.asm.mjs",
  "pyodide.asm.wasm",
  "python_stdlib.zip",
  "pyodide-lock.json",
];

export async function pyodideVersion() {
  const manifest = JSON.parse(await readFile(path.join(pyodideDir, "package.json"), "utf8")) as {
    version: string;
  };
  return manifest.version;
}

async function copyRuntime(version: string) {
  const target = path.join(root, "public", "pyodide", version);
  await mkdir(target, { recursive: true });
  for (const file of RUNTIME_FILES) {
    const from = path.join(pyodideDir, file);
    const to = path.join(target, file);
    const [source, existing] = await Promise.all([stat(from), stat(to).catch(() => null)]);
    if (existing?.size !== source.size) await copyFile(from, to);
  }
}

function workerBuild(version: string): esbuild.BuildOptions {
  return {
    entryPoints: [path.join(root, "app/_python/worker.ts")],
    outfile: path.join(root, "public/python-worker.mjs"),
    bundle: true,
    format: "esm",
    target: "es2022",
    minify: true,
    sourcemap: "linked",
    loader: { ".py": "text" },
    // Loaded at run time from this app's origin, never bundled.
    external: ["/pyodide/*"],
    define: { PYODIDE_BASE: JSON.stringify(`/pyodide/${version}/`) },
    logLevel: "warning",
  };
}

/** Builds both; in watch mode the worker is rebuilt on change until `dispose` is called. */
export async function buildBrowserAssets({ watch = false } = {}) {
  const version = await pyodideVersion();
  await copyRuntime(version);
  if (!watch) {
    await esbuild.build(workerBuild(version));
    return { dispose: async () => {} };
  }
  const context = await esbuild.context(workerBuild(version));
  await context.rebuild();
  await context.watch();
  return { dispose: () => context.dispose() };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildBrowserAssets();
}
