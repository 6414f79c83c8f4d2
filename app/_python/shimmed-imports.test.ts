import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Lockfile } from "pyodide";
import { describe, expect, it } from "vitest";
import { packagesToLoad, SHIMMED_MODULES } from "./shimmed-imports.ts";

// Pyodide's own lock, as the worker reads it at run time.
const require = createRequire(import.meta.url);
const lock = JSON.parse(readFileSync(require.resolve("pyodide/pyodide-lock.json"), "utf8")) as Lockfile;

describe("packagesToLoad", () => {
  it("leaves out IPython, which the worker provides, and keeps what the cell also needs", () => {
    // find_imports("from IPython.display import HTML\nimport matplotlib.pyplot as plt\nimport IPython")
    const imports = ["IPython", "IPython.display", "matplotlib", "matplotlib.pyplot"];
    expect(lock.packages.ipython?.imports).toContain("IPython");
    expect(packagesToLoad(imports, lock.packages)).toEqual(["matplotlib"]);
  });

  it("maps import names to package names once each, as Pyodide does", () => {
    const imports = ["dateutil", "dateutil.parser", "mpl_toolkits", "matplotlib", "csv", "json"];
    expect(packagesToLoad(imports, lock.packages)).toEqual(["python-dateutil", "matplotlib"]);
  });

  it("asks for nothing when the cell imports only the standard library or shimmed modules", () => {
    expect(packagesToLoad(["csv", "IPython", "IPython.display"], lock.packages)).toEqual([]);
  });
});

it("names exactly the modules under app/_python/shims/", () => {
  const shims = readdirSync(new URL("./shims", import.meta.url), { withFileTypes: true });
  expect(shims.filter((entry) => entry.isDirectory()).map((entry) => entry.name)).toEqual([
    ...SHIMMED_MODULES,
  ]);
});
