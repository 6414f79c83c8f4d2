import { expect, test } from "@playwright/test";
import { openWorkspace } from "./workspace.ts";

test.setTimeout(120_000);

test("a newcomer's first minute: a starter question, a table, a failed cell and its fix, a chart, an answer", async ({
  page,
}) => {
  await openWorkspace(page);
  await page.getByLabel("Model").selectOption({ label: "Offline demo (scripted)" });
  await page.getByRole("button", { name: /How has Seattle's weather changed/ }).click();

  await expect(page.getByTestId("user-message")).toContainText("Seattle's weather");
  await expect(page.getByTestId("data-file").filter({ hasText: "seattle-weather.csv" })).toBeVisible();

  const cells = page.getByTestId("cell");
  const run = async (index: number, status: "completed" | "error") => {
    const cell = cells.nth(index);
    await cell.getByRole("button", { name: "Run", exact: true }).click();
    await expect(cell).toHaveAttribute("data-status", status, { timeout: 30_000 });
    return cell;
  };

  const table = (await run(0, "completed")).locator('[data-mime="application/vnd.dataresource+json"]');
  await expect(table).toBeVisible();
  await expect(table.locator("thead")).toContainText("temp_max");
  await expect(table.locator("tbody tr")).toHaveCount(10);

  const failed = await run(1, "error");
  await expect(failed.getByTestId("cell-output")).toContainText("KeyError");

  await expect(cells.nth(2)).toContainText("Fix 1 of 2");
  const chart = (await run(2, "completed")).locator('[data-mime^="application/vnd.vegalite"]');
  await expect(chart.getByTestId("vega-chart").locator("svg, canvas").first()).toBeVisible({
    timeout: 20_000,
  });

  const answer = page.getByTestId("assistant-message").last();
  await expect(answer).toContainText(/Highest|highest/);
  await expect(answer).toContainText(/\d/);
  await page.screenshot({ path: test.info().outputPath("demo.png"), fullPage: true });
});
