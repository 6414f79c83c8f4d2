/**
 * Which of Pyodide's packages a cell needs, leaving out the modules the worker provides itself.
 *
 * Pyodide's `loadPackagesFromImports` maps every module a cell imports to the lock package that
 * provides it: `from IPython.display import HTML` would download ipython and eleven dependencies
 * (and fail offline) for a module the worker already has under /ada (app/_python/shims/), first
 * on sys.path. The worker does what that function does, minus these modules:
 * `pyodide.code.find_imports(code)`, then `packagesToLoad`, then `pyodide.loadPackage`.
 */
import type { Lockfile } from "pyodide";

/** Top-level modules under app/_python/shims/, written by the worker to /ada. */
export const SHIMMED_MODULES: readonly string[] = ["IPython"];

const isShimmed = (module: string) => SHIMMED_MODULES.includes(module.split(".")[0] ?? module);

/**
 * The lock packages that provide `imports`, in first-use order and without repeats. `imports` is
 * what `find_imports` answers: each imported module and its parents ("matplotlib",
 * "matplotlib.pyplot"), matched against the lock's import names as Pyodide does.
 */
export function packagesToLoad(imports: readonly string[], packages: Lockfile["packages"]): string[] {
  const byImport = new Map<string, string>();
  for (const [name, { imports: provided }] of Object.entries(packages)) {
    for (const module of provided) byImport.set(module, name);
  }
  const needed = new Set<string>();
  for (const module of imports) {
    const name = isShimmed(module) ? undefined : byImport.get(module);
    if (name) needed.add(name);
  }
  return [...needed];
}
