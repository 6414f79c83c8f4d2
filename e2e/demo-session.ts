/** An analysis made with the offline demo, for the specs that export, replay or share one. */
import { expect, type Page } from "@playwright/test";

/** The demo's walk on Seattle's weather: a table, a cell that fails, its fix drawing a chart, an answer. */
export async function runDemoAnalysis(page: Page) {
  await page.goto("/");
  // Pyodide's cold start is several seconds on a 2-core machine.
  await expect(page.getByTestId("python-status")).toHaveText("Python ready", { timeout: 45_000 });
  const model = page.getByLabel("Model", { exact: true });
  await expect(model).not.toHaveValue("");
  await model.selectOption({ label: "Offline demo (scripted)" });
  await page.getByRole("button", { name: /How has Seattle's weather changed/ }).click();
  const cells = page.getByTestId("cell");
  for (const [index, status] of [
    [0, "completed"],
    [1, "error"],
    [2, "completed"],
  ] as const) {
    const cell = cells.nth(index);
    await cell.getByRole("button", { name: "Run", exact: true }).click();
    await expect(cell).toHaveAttribute("data-status", status, { timeout: 30_000 });
  }
  await expect(page.getByTestId("assistant-message").last()).toContainText(/highest/i, { timeout: 30_000 });
}

/** Opens the open analysis's menu in the sidebar and picks an item. */
export async function chooseFromSessionMenu(page: Page, item: string | RegExp) {
  await page
    .getByRole("navigation", { name: "Analyses" })
    .getByRole("button", { name: /^More for / })
    .first()
    .click();
  await page.getByRole("menuitem", { name: item }).click();
}
