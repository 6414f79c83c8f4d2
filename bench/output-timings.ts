/**
 * The outputs part of `npm run bench:browser`: how soon the offline demo draws its first chart,
 * how soon a 10,000-row table is drawn and can be paged, and how long the page's main thread is
 * blocked while a 1 MB output renders. Times are ms from navigation start (`performance.now()`
 * in the page when the thing is on screen).
 */
import type { Browser, BrowserContextOptions, Page } from "@playwright/test";

type StorageState = BrowserContextOptions["storageState"];
/** A new visitor whose session's last cell (`code`) is pending with auto-run on. */
export type PendingCell = (code: string) => Promise<{ state: StorageState; sessionId: string }>;

const now = (page: Page) => page.evaluate(() => performance.now());
const CHART = '[data-mime^="application/vnd.vegalite"] [data-testid="vega-chart"] :is(svg, canvas)';
const TABLE = '[data-mime="application/vnd.dataresource+json"]';

async function pythonReady(page: Page) {
  await page.getByTestId("python-status").filter({ hasText: "Python ready" }).waitFor({ timeout: 60_000 });
}

/** Navigation → the demo's chart, clicking through as a visitor would; then the same page reloaded. */
export async function demoChart(browser: Browser, origin: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(origin);
  await pythonReady(page);
  await page.getByLabel("Model").selectOption({ label: "Offline demo (scripted)" });
  await page.getByRole("button", { name: /How has Seattle's weather changed/ }).click();
  for (let index = 0; index < 3; index++) {
    const cell = page.getByTestId("cell").nth(index);
    await cell.getByRole("button", { name: "Run", exact: true }).click({ timeout: 60_000 });
    await cell.and(page.locator('[data-status="completed"], [data-status="error"]')).waitFor();
  }
  await page.locator(CHART).first().waitFor({ timeout: 60_000 });
  const cold = await now(page);
  await page.reload();
  await page.locator(CHART).first().waitFor({ timeout: 60_000 });
  const warm = await now(page);
  await context.close();
  return { cold, warm };
}

const TABLE_CODE = `rows = [{"index": i, "day": i % 365, "value": (i * 37) % 1000, "label": f"row {i}"} for i in range(10_000)]
display({"application/vnd.dataresource+json": {
    "schema": {"fields": [{"name": "index", "type": "integer"}, {"name": "day", "type": "integer"},
                          {"name": "value", "type": "integer"}, {"name": "label", "type": "string"}],
               "primaryKey": ["index"]},
    "data": rows}, "text/plain": "10,000 rows"}, raw=True)`;

/** Navigation → a 10,000-row table drawn with its pager; cold (it runs), then reloaded (stored). */
export async function bigTable(browser: Browser, origin: string, pendingCell: PendingCell) {
  const { state, sessionId } = await pendingCell(TABLE_CODE);
  const context = await browser.newContext({ storageState: state });
  const page = await context.newPage();
  const shown = async () => {
    const table = page.locator(TABLE);
    await table.locator("tbody tr").first().waitFor({ timeout: 60_000 });
    await table.getByRole("button", { name: /next/i }).waitFor();
    return now(page);
  };
  await page.goto(`${origin}/?session=${sessionId}`);
  const cold = await shown();
  await page.reload();
  const warm = await shown();
  await context.close();
  return { cold, warm };
}

/** Long tasks on the page's main thread after Python is up, until the output has been drawn. */
export async function longTasks(browser: Browser, origin: string, pendingCell: PendingCell, code: string) {
  const { state, sessionId } = await pendingCell(code);
  const context = await browser.newContext({ storageState: state });
  await context.addInitScript(() => {
    const seen: { start: number; duration: number }[] = [];
    (window as unknown as { longTasks: typeof seen }).longTasks = seen;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) seen.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: "longtask", buffered: true });
  });
  const page = await context.newPage();
  await page.goto(`${origin}/?session=${sessionId}`);
  await page.locator('[data-testid="cell"][data-status="completed"]').first().waitFor({ timeout: 60_000 });
  // The cell runs as soon as Python is up, so "Python ready" may never show: the page's mark says when.
  const ready = await page.evaluate(
    () => performance.getEntriesByName("ada:python-ready", "mark")[0]?.startTime ?? Number.NaN,
  );
  if (Number.isNaN(ready)) throw new Error("the page has no ada:python-ready mark");
  // Whatever the output still makes the page do (layout, paint) lands in this second.
  await page.waitForTimeout(1000);
  const total = await page.evaluate(
    (after) =>
      (window as unknown as { longTasks: { start: number; duration: number }[] }).longTasks
        .filter((task) => task.start >= after)
        .reduce((sum, task) => sum + task.duration, 0),
    ready,
  );
  await context.close();
  return total;
}

export const ONE_MB_STDOUT = `print(("x" * 99 + "\\n") * 10_000)`;
export const ONE_MB_HTML = `display({"text/html": "<table>" + "".join(f"<tr><td>{i}</td><td>{'y' * 80}</td></tr>" for i in range(10_000)) + "</table>"}, raw=True)`;
export const SMALL_OUTPUT = `print(45)`;
