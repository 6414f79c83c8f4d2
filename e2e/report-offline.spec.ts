import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { type Download, expect, type Page, test } from "@playwright/test";
import { chooseFromSessionMenu, runDemoAnalysis } from "./demo-session.ts";

test.setTimeout(240_000);

async function downloaded(page: Page, start: () => Promise<void>) {
  const [download] = await Promise.all([page.waitForEvent("download"), start()]);
  const name = (download as Download).suggestedFilename();
  // Under its own name: a file:// page is read by its extension.
  const file = test.info().outputPath(name);
  await download.saveAs(file);
  return { name, file, bytes: await readFile(file) };
}

test("exports, per-output downloads, a replay, and a report that draws its charts offline", async ({
  page,
  browser,
}) => {
  await runDemoAnalysis(page);

  const notebook = await downloaded(page, () => chooseFromSessionMenu(page, "Download notebook (.ipynb)"));
  expect(notebook.name).toMatch(/\.ipynb$/);
  const parsed = JSON.parse(notebook.bytes.toString("utf8"));
  expect([parsed.nbformat, parsed.nbformat_minor]).toEqual([4, 5]);
  expect(parsed.cells[0].source).toContain("/data/seattle-weather.csv");
  expect(parsed.cells.filter((cell: { cell_type: string }) => cell.cell_type === "code")).toHaveLength(3);

  const script = await downloaded(page, () => chooseFromSessionMenu(page, "Download script (.py)"));
  expect(script.bytes.toString("utf8")).toContain("# %% Cell 3\n");

  const table = page.getByTestId("cell").first().locator('[data-mime="application/vnd.dataresource+json"]');
  const csv = await downloaded(page, () => table.getByRole("button", { name: "CSV" }).click());
  const lines = csv.bytes.toString("utf8").trimEnd().split("\r\n");
  expect(lines[0]).toContain("temp_max");
  expect(lines).toHaveLength(1 + (await table.locator("tbody tr").count()));
  const chart = page.getByTestId("cell").nth(2).locator('[data-mime^="application/vnd.vegalite"]');
  const png = await downloaded(page, () => chart.getByRole("button", { name: "PNG" }).click());
  expect(png.bytes.subarray(1, 4).toString()).toBe("PNG");
  const svg = await downloaded(page, () => chart.getByRole("button", { name: "SVG" }).click());
  expect(svg.bytes.toString("utf8")).toMatch(/^<svg/);

  await chooseFromSessionMenu(page, "Re-run from scratch");
  await expect(page.getByTestId("replay-panel")).toContainText(/Replayed ✓ on/, { timeout: 90_000 });
  await page.getByTestId("replay-panel").locator("summary").click();
  await page.screenshot({ path: test.info().outputPath("replay.png") });

  const report = await downloaded(page, () => chooseFromSessionMenu(page, "Download report (.html)"));
  const html = report.bytes.toString("utf8");
  expect(html).toContain("Replayed ✓ on");
  test.info().annotations.push({ type: "report size", description: `${report.bytes.length} bytes` });
  console.log(`HTML report of the demo session: ${report.bytes.length} bytes`);

  const offline = await browser.newContext({ offline: true });
  const reader = await offline.newPage();
  const requests: string[] = [];
  reader.on("request", (request) => {
    if (!/^(file|data|blob):/.test(request.url())) requests.push(request.url());
  });
  await reader.goto(pathToFileURL(report.file).href);
  await expect(reader.locator("[data-chart]")).toHaveAttribute("data-drawn", "true", { timeout: 20_000 });
  await expect(
    reader
      .locator(
        "[data-chart] svg .mark-rect, [data-chart] svg .mark-line, [data-chart] svg .mark-symbol, [data-chart] svg .mark-area",
      )
      .first(),
  ).toBeAttached();
  await expect(reader.locator(".table thead")).toContainText("temp_max");
  expect(requests).toEqual([]);
  await reader.screenshot({ path: test.info().outputPath("report.png"), fullPage: true });
  await offline.close();
});
