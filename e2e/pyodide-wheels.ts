/**
 * Where the official Pyodide wheels for offline E2E runs are (test code): ten package files of the
 * Pyodide distribution this project installs, kept outside the repository (see their MANIFEST.md).
 * They sit in a `shared/pyodide-wheels` folder beside the checkout, or beside one of its parent folders
 * (CI may check the repository out deeper): PYODIDE_WHEELS_DIR (then only there), else
 * `../shared/pyodide-wheels`, `../../shared/pyodide-wheels`, … up to the file system's root.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The folders looked at, in order. */
export function wheelsDirCandidates(variables: NodeJS.ProcessEnv = process.env) {
  if (variables.PYODIDE_WHEELS_DIR) return [path.resolve(variables.PYODIDE_WHEELS_DIR)];
  const candidates: string[] = [];
  for (let dir = path.dirname(repoRoot); ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, "shared", "pyodide-wheels"));
    if (path.dirname(dir) === dir) return candidates;
  }
}

/** The first candidate that holds `fileName`, or null. */
export function findWheelsDir(fileName: string, variables: NodeJS.ProcessEnv = process.env) {
  return wheelsDirCandidates(variables).find((dir) => existsSync(path.join(dir, fileName))) ?? null;
}
