/**
 * `npm run bench:browser`: how soon a visitor can use Python, in Debian's Chromium driven by
 * Playwright against the production server. Each run opens a session whose last cell is pending
 * with "Run code automatically" on, so the first Python result needs no click; it reads the
 * page's User Timing marks (app/_lib/user-timing.ts): interactive, Python ready, first result.
 * Cold = a fresh browser context (empty HTTP cache); warm = a reload in that context.
 */
import { type Browser, chromium } from "@playwright/test";
import { startFakeModelServer } from "../server/test/fake-model-server.ts";
import { log, machine, ms, percentile, startBenchApp, writeReport } from "./harness.ts";
import {
  bigTable,
  demoChart,
  longTasks,
  ONE_MB_HTML,
  ONE_MB_STDOUT,
  type PendingCell,
  SMALL_OUTPUT,
} from "./output-timings.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const MARKS = ["ada:interactive", "ada:python-ready", "ada:first-result"] as const;
type Timings = Record<(typeof MARKS)[number] | "worker", number>;

const fake = await startFakeModelServer(0);
const app = await startBenchApp({
  OPENAI_API_KEY: "bench",
  OPENAI_BASE_URL: fake.openaiBaseUrl,
  ANON_SIGNINS_PER_HOUR: "100000",
  PYODIDE_PACKAGES_URL: "http://127.0.0.1:9/",
  DEMO_MODEL: "1",
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
});

/** A new visitor with a session waiting on one cell, auto-run on; its browser state. */
async function visitorWithPendingCell(
  browser: Browser,
  code = "import statistics\nstatistics.mean(range(101))",
) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(app.origin);
  await page.getByTestId("quota-meter").waitFor();
  // The cell, then a plain answer once its result comes back (a lone step would be repeated).
  const directive = [
    { toolCalls: [{ name: "python_run", arguments: JSON.stringify({ code }) }] },
    { text: "Done." },
  ];
  const response = await page.request.post(`${app.origin}/api/inference`, {
    data: {
      model: "gpt-5.4-mini",
      stream: false,
      messages: [{ role: "user", content: `FAKE:${JSON.stringify(directive)}` }],
    },
  });
  if (!response.ok()) throw new Error(`could not create the session: ${response.status()}`);
  const sessionId = response.headers()["x-session-id"];
  if (!sessionId) throw new Error("the gateway did not name the session");
  await page.evaluate((id) => localStorage.setItem(`ada:auto-run:${id}`, "1"), sessionId);
  const state = await context.storageState();
  await context.close();
  return { state, sessionId };
}

async function timings(page: import("@playwright/test").Page, expected: string): Promise<Timings> {
  const output = page.getByTestId("cell-output").last();
  await output.filter({ hasText: expected }).waitFor({ timeout: 60_000 });
  return page.evaluate(
    (names) => {
      const mark = (name: string) =>
        performance.getEntriesByName(name, "mark")[0] as PerformanceMark | undefined;
      const marks = Object.fromEntries(names.map((name) => [name, mark(name)?.startTime ?? Number.NaN]));
      return { ...marks, worker: mark("ada:python-ready")?.detail?.startupMs ?? Number.NaN };
    },
    [...MARKS],
  ) as Promise<Timings>;
}

const cold: Timings[] = [];
const warm: Timings[] = [];
for (let run = 1; run <= RUNS; run++) {
  const { state, sessionId } = await visitorWithPendingCell(browser);
  const context = await browser.newContext({ storageState: state });
  const page = await context.newPage();
  await page.goto(`${app.origin}/?session=${sessionId}`);
  cold.push(await timings(page, "50"));
  // The cell is now stored as completed; a second pending one makes the next load run Python
  // again. The page is closed first, or its auto-run would take that cell before the reload.
  await page.close();
  const again = { toolCalls: [{ name: "python_run", arguments: JSON.stringify({ code: "sum(range(5))" }) }] };
  const addCell = () =>
    context.request.post(`${app.origin}/api/inference`, {
      data: {
        model: "gpt-5.4-mini",
        stream: false,
        session_id: sessionId,
        messages: [{ role: "user", content: `FAKE:${JSON.stringify(again)}` }],
      },
    });
  // The closed page's last answer ("Done.") runs on without its reader and holds the account's
  // stream slot for a moment: a 429 for concurrency then only means "in a moment".
  let created = await addCell();
  for (let tries = 0; created.status() === 429 && tries < 50; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    created = await addCell();
  }
  if (!created.ok()) throw new Error(`could not add a cell: ${created.status()} ${await created.text()}`);
  const reloaded = await context.newPage();
  await reloaded.goto(`${app.origin}/?session=${sessionId}`);
  warm.push(await timings(reloaded, "10"));
  log(
    `run ${run}: cold ${MARKS.map((m) => ms(cold.at(-1)?.[m] ?? 0)).join(" / ")} ms; warm ${MARKS.map((m) => ms(warm.at(-1)?.[m] ?? 0)).join(" / ")} ms`,
  );
  await context.close();
}

const pendingCell: PendingCell = (code) => visitorWithPendingCell(browser, code);
type Pair = { cold: number; warm: number };
const charts: Pair[] = [];
const tables: Pair[] = [];
const blocked = { small: [] as number[], stdout: [] as number[], html: [] as number[] };
for (let run = 1; run <= RUNS; run++) {
  charts.push(await demoChart(browser, app.origin));
  tables.push(await bigTable(browser, app.origin, pendingCell));
  blocked.small.push(await longTasks(browser, app.origin, pendingCell, SMALL_OUTPUT));
  blocked.stdout.push(await longTasks(browser, app.origin, pendingCell, ONE_MB_STDOUT));
  blocked.html.push(await longTasks(browser, app.origin, pendingCell, ONE_MB_HTML));
  log(
    `outputs run ${run}: demo chart ${ms(charts.at(-1)?.cold ?? 0)} / ${ms(charts.at(-1)?.warm ?? 0)} ms; 10,000-row table ${ms(tables.at(-1)?.cold ?? 0)} / ${ms(tables.at(-1)?.warm ?? 0)} ms; long tasks ${ms(blocked.small.at(-1) ?? 0)} / ${ms(blocked.stdout.at(-1) ?? 0)} / ${ms(blocked.html.at(-1) ?? 0)} ms`,
  );
}
const stat = (label: string, values: number[]) =>
  `| ${label} | ${ms(percentile(values, 50))} | ${ms(Math.min(...values))} | ${ms(Math.max(...values))} |`;

const row = (label: string, samples: Timings[], mark: keyof Timings) => {
  const values = samples.map((t) => t[mark]);
  if (values.some(Number.isNaN)) throw new Error(`a run has no ${mark} mark`);
  return `| ${label} | ${ms(percentile(values, 50))} | ${ms(Math.min(...values))} | ${ms(Math.max(...values))} |`;
};
const version = (await browser.version()) as string;
const report = `# Browser start-up benchmark

Run with \`npm run bench:browser\` on ${new Date().toISOString().slice(0, 10)}.

**Machine:** ${await machine(app.sql)}. Browser: Debian Chromium ${version}, headless, driven by Playwright on the same machine.

**Method:** ${RUNS} runs. Each opens a session whose last cell is pending with "Run code automatically" on, so the first Python result (a standard-library cell) needs no click. Times are the page's User Timing marks, in ms from navigation start. *Cold*: a fresh browser context, so an empty HTTP cache and no compiled WebAssembly. *Warm*: the same page loaded again in that context (Pyodide's files come from the HTTP cache, \`immutable\`, and Python's memory is restored from the snapshot the first start stored in Cache Storage).

| cold start        | p50 (ms) | min | max |
| ----------------- | -------- | --- | --- |
${row("page interactive", cold, "ada:interactive")}
${row("Python ready", cold, "ada:python-ready")}
${row("(Pyodide start inside the worker)", cold, "worker")}
${row("first Python result", cold, "ada:first-result")}

| warm (reload)     | p50 (ms) | min | max |
| ----------------- | -------- | --- | --- |
${row("page interactive", warm, "ada:interactive")}
${row("Python ready", warm, "ada:python-ready")}
${row("(Pyodide start inside the worker)", warm, "worker")}
${row("first Python result", warm, "ada:first-result")}

Goal on this machine: first Python result ≤ 6 s cold and ≤ 3 s on reload.

## Outputs

**Method:** ${RUNS} runs each. *Demo chart*: a new visitor picks the offline demo, clicks the Seattle weather starter (the dataset is added from the catalog) and runs the three cells it proposes as soon as each appears; the time is navigation → the Vega-Lite chart on screen (cold), then the page reloaded → the stored chart drawn again (warm). *Table*: a pending cell that displays a 10,000-row \`application/vnd.dataresource+json\` table runs by itself; navigation → first row and pager on screen, then reloaded (the stored output). *Long tasks*: the main thread's long tasks (PerformanceObserver) from Python ready until a second after the cell's output is drawn, for a small output and for 1 MB of stdout and of HTML.

| navigation → on screen | p50 (ms) | min | max |
| ---------------------- | -------- | --- | --- |
${stat(
  "demo: first chart, cold (clicks included)",
  charts.map((c) => c.cold),
)}
${stat(
  "demo: chart, reload",
  charts.map((c) => c.warm),
)}
${stat(
  "10,000-row table, cold (run included)",
  tables.map((t) => t.cold),
)}
${stat(
  "10,000-row table, reload",
  tables.map((t) => t.warm),
)}

| long tasks while an output renders | p50 (ms) | min | max |
| ---------------------------------- | -------- | --- | --- |
${stat("`print(45)` (baseline)", blocked.small)}
${stat("1 MB of stdout", blocked.stdout)}
${stat("1 MB of HTML", blocked.html)}

Goals: the demo's chart within a minute of a newcomer's arrival (cold, clicks included); a 1 MB output never freezes the page (long tasks well under one second).
`;
await writeReport("browser.md", report);
await browser.close();
await app.stop();
await fake.close();
