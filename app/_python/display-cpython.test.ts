/**
 * The kernel's display code (ada_display.py, ada_files.py, runtime.py) is the same Python that
 * runs in Pyodide; its tests run under Debian's CPython with the real pandas, matplotlib and
 * Altair (app/_python/tests/). Missing libraries fail this test: a skipped suite would hide them.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const PYTHON = "/usr/bin/python3";
const INSTALL = "Install them with `apt-get install python3-pandas python3-matplotlib python3-altair`.";
const root = fileURLToPath(new URL("../..", import.meta.url));

const python = (args: string[]) =>
  spawnSync(PYTHON, args, {
    cwd: root,
    encoding: "utf8",
    // -B and this: no __pycache__ folders in the source tree.
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
    timeout: 100_000,
  });

it("passes its CPython tests with the real pandas, matplotlib and Altair", () => {
  expect(existsSync(PYTHON), `${PYTHON} is missing. ${INSTALL}`).toBe(true);
  const libraries = python(["-c", "import pandas, matplotlib, altair"]);
  expect(libraries.status, `CPython cannot import the libraries:\n${libraries.stderr}\n${INSTALL}`).toBe(0);
  const suite = python(["-B", "-m", "unittest", "discover", "-s", "app/_python/tests"]);
  expect(suite.status, `The CPython tests failed:\n${suite.stdout}${suite.stderr}`).toBe(0);
}, 120_000);
