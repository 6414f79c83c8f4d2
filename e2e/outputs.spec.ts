import { expect, type Page, test } from "@playwright/test";
import { openWorkspace, proposes, scripted, send } from "./workspace.ts";

test.setTimeout(120_000);

/** Proposes `code`, runs it, and answers the cell once it has run. */
async function runCell(page: Page, question: string, code: string) {
  await send(page, scripted(question, [proposes(code), { text: "Done: {{tool}}" }]));
  const cell = page.getByTestId("cell").last();
  await cell.getByRole("button", { name: "Run", exact: true }).click();
  await expect(cell).toHaveAttribute("data-status", /completed|error/, { timeout: 30_000 });
  return cell;
}

// Standard library only: the package mirror is closed in E2E, as on these machines.
const GALLERY = `import base64, json
class Fancy:
    def _repr_html_(self):
        return "<b>bold</b><script>window.pwned = 1</script>"
print("before")
display(Fancy())
display({"text/markdown": "# Heading\\n\\n*emphasis*"}, raw=True)
display({"application/json": {"a": [1, 2, {"b": None}]}}, raw=True)
display({"image/svg+xml": '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" onload="window.pwned=2"><rect width="20" height="20" fill="teal"/></svg>'}, raw=True)
png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
display({"image/png": png, "text/plain": "<pixel>"}, raw=True)
from IPython.display import HTML, Markdown
display(Markdown("**shim works**"))
print("after")
{"n": 1};
42`;

const CHART_AND_TABLE = `rows = [{"day": i, "value": (i * 37) % 100} for i in range(10_000)]
display({"application/vnd.vegalite.v5+json": {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "data": {"values": rows[:50]},
    "mark": {"type": "bar", "tooltip": True},
    "encoding": {"x": {"field": "day", "type": "ordinal"}, "y": {"field": "value", "type": "quantitative"}},
}}, raw=True)
display({"application/vnd.dataresource+json": {
    "schema": {"fields": [{"name": "index", "type": "integer"}, {"name": "day", "type": "integer"}, {"name": "value", "type": "integer"}], "primaryKey": ["index"]},
    "data": [{"index": i, **row} for i, row in enumerate(rows)],
}, "text/plain": "10000 rows"}, raw=True)`;

test("every output type renders in order, sanitized, and comes back the same after a reload", async ({
  page,
}) => {
  await openWorkspace(page);
  const cell = await runCell(page, "Show everything", GALLERY);
  const outputs = cell.getByTestId("output");
  const kinds = async () =>
    outputs.evaluateAll((nodes) =>
      nodes.map((node) => node.getAttribute("data-mime") ?? node.getAttribute("data-output-type")),
    );
  const expected = [
    "stream",
    "text/html",
    "text/markdown",
    "application/json",
    "image/svg+xml",
    "image/png",
    "text/markdown",
    "stream",
    "text/plain",
  ];
  expect(await kinds()).toEqual(expected);
  await expect(outputs.nth(1).locator("b")).toHaveText("bold");
  await expect(outputs.nth(2).getByRole("heading", { name: "Heading" })).toBeVisible();
  await expect(outputs.nth(3)).toContainText("a");
  await expect(outputs.nth(4).locator("svg rect")).toHaveCount(1);
  await expect(outputs.nth(5).locator("img")).toHaveAttribute("src", /^data:image\/png;base64,/);
  await expect(outputs.nth(6)).toContainText("shim works");
  await expect(outputs.nth(8)).toHaveText("42");
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
  // The model is told about each output in words.
  await expect(page.getByTestId("assistant-message").last()).toContainText("Display: HTML.");

  await page.reload();
  await expect(page.getByTestId("cell").last()).toHaveAttribute("data-status", "completed");
  expect(await kinds()).toEqual(expected);
});

test("a Vega-Lite chart is drawn interactively and a 10,000-row table pages and sorts", async ({ page }) => {
  await openWorkspace(page);
  const cell = await runCell(page, "Chart and table", CHART_AND_TABLE);
  const chart = cell.locator('[data-mime="application/vnd.vegalite.v5+json"]');
  await expect(chart.getByTestId("vega-chart").locator("svg, canvas").first()).toBeVisible({
    timeout: 20_000,
  });
  const table = cell.locator('[data-mime="application/vnd.dataresource+json"]');
  await expect(table).toContainText("10,000 rows");
  await expect(table.locator("tbody tr").first()).toContainText("0");
  await table.getByRole("button", { name: /^value/ }).click();
  await table.getByRole("button", { name: /^value/ }).click();
  await expect(table.locator("tbody tr").first()).toContainText("99");
  await table.getByRole("button", { name: /next/i }).click();
  await expect(table).toContainText(/rows? 2[56]|26–50|51–100/);
});

test("a failing cell gets fixes labelled 'Fix n of 2', and the agent stops after the second", async ({
  page,
}) => {
  await openWorkspace(page);
  const failing = (n: number) => proposes(`raise ValueError("attempt ${n}")`, `Attempt ${n}.`);
  await send(page, scripted("Keep failing", [failing(0), failing(1), failing(2), { text: "never sent" }]));
  for (let attempt = 0; attempt < 3; attempt++) {
    const cell = page.getByTestId("cell").nth(attempt);
    await expect(cell).toHaveAttribute("data-status", "pending");
    if (attempt === 0) await expect(cell).not.toContainText("Fix");
    else await expect(cell).toContainText(`Fix ${attempt} of 2`);
    await cell.getByRole("button", { name: "Run", exact: true }).click();
    await expect(cell).toHaveAttribute("data-status", "error");
    await expect(cell.getByTestId("cell-output")).toContainText(`ValueError: attempt ${attempt}`);
  }
  await expect(page.getByRole("status").filter({ hasText: "still fails after 2 fixes" })).toBeVisible();
  await expect(page.getByTestId("cell")).toHaveCount(3);
  await expect(page.getByTestId("assistant-message").filter({ hasText: "never sent" })).toHaveCount(0);
});
