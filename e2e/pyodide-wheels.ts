/**
 * Where the official Pyodide wheels for offline E2E runs are (test code): ten package files of the
 * Pyodide distribution this project installs, kept outside the repository (see their MANIFEST.md).
 * CI checks the repository out elsewhere on the machine, so the folder is looked up in order:
 * PYODIDE_WHEELS_DIR (then only there), `<repo>/../shared/pyodide-wheels`, `/work/shared/pyodide-wheels`.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The folders looked at, in order. */
export function wheelsDirCandidates(variables: NodeJS.ProcessEnv = process.env) {
  if (variables.PYODIDE_WHEELS_DIR) return [path.resolve(variables.PYODIDE_WHEELS_DIR)];
  return [path.resolve(repoRoot, "../shared/pyodide-wheels"), "/work/shared/pyodide-wheels"];
}

/** The first candidate that holds `fileName`, or null. */
export function findWheelsDir(fileName: string, variables: NodeJS.ProcessEnv = process.env) {
  return wheelsDirCandidates(variables).find((dir) => existsSync(path.join(dir, fileName))) ?? null;
}
