import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import { openWorkspace, proposes, scripted, send } from "./workspace.ts";

test.setTimeout(120_000);

const chip = (page: Page, name: string) => page.getByTestId("data-file").filter({ hasText: name });

/** Runs one cell the fake model proposes and returns its output. */
async function runCode(page: Page, code: string) {
  await send(page, scripted("Run this", [proposes(code), { text: "Done." }]));
  const cell = page.getByTestId("cell").last();
  await cell.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByTestId("assistant-message").last()).toContainText("Done.");
  return cell.getByTestId("cell-output");
}

const countRows = (file: string) =>
  `import csv\nwith open("/data/${file}", newline="") as f:\n    print(len(list(csv.DictReader(f))))`;

test("a mounted dataset is readable from Python, and is there at once after a reload", async ({ page }) => {
  await openWorkspace(page);
  await page.getByRole("button", { name: "Add dataset" }).click();
  const dialog = page.getByRole("dialog", { name: "Add a dataset" });
  await dialog.getByRole("listitem").filter({ hasText: "seattle-weather.csv" }).getByRole("button").click();
  await expect(chip(page, "seattle-weather.csv")).toBeVisible();

  await expect(await runCode(page, countRows("seattle-weather.csv"))).toHaveText("1461");

  // Hold Python's runtime back: the chip must not wait for it.
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route("**/pyodide/**", async (route) => {
    await held;
    await route.continue();
  });
  await page.reload();
  await expect(chip(page, "seattle-weather.csv")).toBeVisible();
  await expect(page.getByTestId("python-status")).toHaveText("Python starting…");
  release();
  await expect(page.getByTestId("python-status")).toHaveText("Python ready", { timeout: 45_000 });
  await expect(await runCode(page, countRows("seattle-weather.csv"))).toHaveText("1461");
});

test("a file written by Python shows up after a reload and downloads", async ({ page }) => {
  await openWorkspace(page);
  await runCode(page, 'with open("/data/result.csv", "w") as f:\n    f.write("city,count\\nOslo,3\\n")');
  await page.reload();
  await expect(chip(page, "result.csv")).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download result.csv" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("result.csv");
  expect(await readFile(await download.path(), "utf8")).toBe("city,count\nOslo,3\n");
});

test("an uploaded CSV is readable from Python; Clear empties /data for good", async ({ page }) => {
  await openWorkspace(page);
  await page.getByLabel("Upload a CSV, JSON or Parquet file").setInputFiles({
    name: "mine.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("x,y\n1,2\n3,4\n5,6\n"),
  });
  await expect(chip(page, "mine.csv")).toBeVisible();
  await expect(await runCode(page, countRows("mine.csv"))).toHaveText("3");

  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Clear" }).click();
  await expect(page.getByTestId("data-file")).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("python-status")).toHaveText("Python ready", { timeout: 45_000 });
  await expect(page.getByText("No files yet.")).toBeVisible();
  await expect(page.getByTestId("data-file")).toHaveCount(0);
});

test("a file of the wrong kind is refused with a message", async ({ page }) => {
  await openWorkspace(page);
  await page.getByLabel("Upload a CSV, JSON or Parquet file").setInputFiles({
    name: "notes.txt",
    mimeType: "text/plain",
    buffer: Buffer.from("hello"),
  });
  await expect(page.getByRole("region", { name: "Data" }).getByRole("alert")).toContainText(
    "only .csv, .tsv, .json, .parquet files can be added",
  );
  await expect(page.getByTestId("data-file")).toHaveCount(0);
});
