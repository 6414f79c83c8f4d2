import { stat } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { findWheelsDir, wheelsDirCandidates } from "./pyodide-wheels.ts";
import { openWorkspace, proposes, scripted, send } from "./workspace.ts";

test.setTimeout(120_000);

const DATEUTIL = "python_dateutil-2.9.0.post0-py2.py3-none-any.whl";
const SIX = "six-1.17.0-py2.py3-none-any.whl";

/**
 * The official wheels the package mirror serves (playwright.config.ts). Without them this spec
 * would prove nothing, so it fails rather than skips.
 */
function wheelsDir() {
  const dir = findWheelsDir(DATEUTIL);
  if (dir && findWheelsDir(SIX) === dir) return dir;
  throw new Error(
    `The official Pyodide 314.0.7 wheels (${DATEUTIL}, ${SIX}) are not in ${wheelsDirCandidates().join(" or ")}. ` +
      "Set PYODIDE_WHEELS_DIR to the folder that holds them (see its MANIFEST.md).",
  );
}

test("import dateutil loads python-dateutil and six through the app, verified, showing what and how much", async ({
  page,
}) => {
  const dir = wheelsDir();
  const sizes = {
    [DATEUTIL]: (await stat(path.join(dir, DATEUTIL))).size,
    [SIX]: (await stat(path.join(dir, SIX))).size,
  };
  const served: Record<string, { status: number; size: string | null }> = {};
  page.on("response", async (response) => {
    const file = /\/api\/python-packages\/([^/?]+)$/.exec(response.url())?.[1];
    if (file) served[file] = { status: response.status(), size: await response.headerValue("x-file-size") };
  });
  // python-dateutil is held back until the cell has shown what is loading and how much of it
  // has arrived (six, fetched at the same time, comes through meanwhile).
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route(`**/api/python-packages/${DATEUTIL}`, async (route) => {
    await held;
    await route.continue();
  });

  await openWorkspace(page);
  await send(
    page,
    scripted("Which dateutil?", [
      proposes("import dateutil, six\nprint(dateutil.__version__, six.__version__)"),
      { text: "Done." },
    ]),
  );
  const cell = page.getByTestId("cell");
  await cell.getByRole("button", { name: "Run", exact: true }).click();
  await expect(cell).toContainText("Loading python-dateutil, six… 11 kB");
  release();

  await expect(cell.getByTestId("cell-output")).toHaveText("2.9.0.post0 1.17.0");
  await expect(cell).toHaveAttribute("data-status", "completed");
  await expect(page.getByTestId("assistant-message").last()).toContainText("Done.");
  // Both wheels came from /api/python-packages/ (the worker checked them against the lock), with
  // the size the progress line counts against.
  expect(served).toEqual({
    [DATEUTIL]: { status: 200, size: String(sizes[DATEUTIL]) },
    [SIX]: { status: 200, size: String(sizes[SIX]) },
  });
});

test("a package the mirror lacks is named in one line, and the others still load", async ({ page }) => {
  wheelsDir();
  await openWorkspace(page);
  await send(
    page,
    scripted("Use both", [proposes("import six\nprint(six.__version__)\nimport numpy"), { text: "Done." }]),
  );
  const cell = page.getByTestId("cell");
  await cell.getByRole("button", { name: "Run", exact: true }).click();
  await expect(cell).toHaveAttribute("data-status", "error", { timeout: 30_000 });
  await expect(cell).toContainText("1.17.0");
  await expect(cell).toContainText("ModuleNotFoundError");
  // One line of its own, naming the package and why.
  await expect(cell).toContainText(/^Package numpy is not available: 127\.0\.0\.1:\d+ answered HTTP 404$/m, {
    useInnerText: true,
  });
});
