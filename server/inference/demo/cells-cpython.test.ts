/**
 * The offline demo's whole script on real files, its Python run by Debian's CPython (standard
 * library only, as in Pyodide without packages): table, the failing cell, its fix with a chart
 * that vega-lite compiles and vega draws, and the answer quoting the fix's numbers.
 * run-cells.py stands in for the browser's kernel: `display(bundle, raw=True)` and /data.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as vega from "vega";
import { compile } from "vega-lite";
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "#common/chat-schema.ts";
import { countCompletionTokens } from "../estimate.ts";
import { servedModels } from "../models.ts";
import { MAX_POINTS } from "./chart-python.ts";
import { demoReply } from "./script.ts";

const PYTHON = "/usr/bin/python3";
const DRIVER = fileURLToPath(new URL("./run-cells.py", import.meta.url));
const DATA = fileURLToPath(new URL("../../../node_modules/vega-datasets/data/", import.meta.url));

type Bundle = Record<string, unknown>;
type Output =
  | { output_type: "stream"; text: string }
  | { output_type: "display_data"; data: Bundle }
  | { output_type: "error"; ename: string; evalue: string; traceback: string[] };

/** Runs the cells one after another in one namespace; the outputs of each. */
function runCells(cells: string[], data: string): Output[][] {
  const run = spawnSync(PYTHON, ["-B", DRIVER], {
    input: JSON.stringify({ cells, data }),
    encoding: "utf8",
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
    timeout: 60_000,
  });
  expect(run.status, `run-cells.py failed:\n${run.stderr}`).toBe(0);
  return JSON.parse(run.stdout) as Output[][];
}

const stdoutOf = (outputs: Output[]) =>
  outputs.flatMap((output) => (output.output_type === "stream" ? [output.text] : [])).join("");
const errorsOf = (outputs: Output[]) => outputs.filter((output) => output.output_type === "error");
const bundlesOf = (outputs: Output[]) =>
  outputs.flatMap((output) => (output.output_type === "display_data" ? [output.data] : []));

/** A stand-in for the browser's report of a cell: its stdout, its traceback, its displays' text. */
function toolResult(outputs: Output[]) {
  const errors = errorsOf(outputs);
  const shown = bundlesOf(outputs).map((bundle) => `- ${bundle["text/plain"]}`);
  return [
    errors.length ? "The code raised an error." : "The code ran successfully.",
    `stdout:\n${stdoutOf(outputs)}`,
    ...errors.map((error) => (error.output_type === "error" ? `stderr:\n${error.traceback.join("")}` : "")),
    shown.length ? `Shown to the user:\n${shown.join("\n")}` : "",
  ].join("\n\n");
}

/** The demo model's output cap: a longer reply would be cut off mid-cell. */
const OUTPUT_CAP = servedModels([], { demo: true })[0]?.maxOutputTokens ?? 0;

/** The demo's turn, each proposed cell run as the user would: the replies and each cell's outputs. */
function walk(system: string, question: string, data = DATA) {
  const messages: ChatMessage[] = [
    { role: "system", content: system },
    { role: "user", content: question },
  ];
  const cells: string[] = [];
  const outputs: Output[][] = [];
  for (let step = 0; step < 4; step++) {
    const reply = demoReply(messages);
    // What the endpoint counts against the cap: the text, the tool's name and its arguments.
    const generated =
      reply.text + (reply.code === undefined ? "" : `python_run${JSON.stringify({ code: reply.code })}`);
    expect(countCompletionTokens(generated)).toBeLessThanOrEqual(OUTPUT_CAP);
    if (reply.code === undefined) return { answer: reply.text, cells, outputs };
    cells.push(reply.code);
    const ran = runCells(cells, data).at(-1) ?? [];
    outputs.push(ran);
    const id = `call_${step}`;
    messages.push(
      {
        role: "assistant",
        content: reply.text,
        tool_calls: [{ id, type: "function", function: { name: "python_run", arguments: "{}" } }],
      },
      { role: "tool", tool_call_id: id, content: toolResult(ran) },
    );
  }
  throw new Error("The demo proposed a fourth cell.");
}

type Resource = { schema: { fields: { name: string; type: string }[] }; data: Record<string, unknown>[] };

function expectTable(outputs: Output[]) {
  expect(errorsOf(outputs)).toEqual([]);
  const [bundle] = bundlesOf(outputs);
  const table = bundle?.["application/vnd.dataresource+json"] as Resource;
  const [, rows, columns] = /^Table: .*, ([\d,]+) rows, (\d+) columns$/m.exec(stdoutOf(outputs)) ?? [];
  expect(table.schema.fields).toHaveLength(Number(columns));
  expect(table.data).toHaveLength(Math.min(10, Number(rows?.replaceAll(",", ""))));
  const names = table.schema.fields.map((field) => field.name);
  for (const row of table.data) expect(Object.keys(row)).toEqual(names);
  expect(bundle?.["text/plain"]).toBe(`The first ${table.data.length} of ${rows} rows`);
}

/** Compiles the spec with vega-lite (no warnings) and draws it with vega: the marks drawn. */
async function draw(spec: unknown) {
  const warnings: unknown[] = [];
  const logger = vega.logger(vega.Warn);
  logger.warn = (...args: unknown[]) => {
    warnings.push(args);
    return logger;
  };
  const compiled = compile(spec as Parameters<typeof compile>[0], { logger });
  expect(warnings).toEqual([]);
  const view = new vega.View(vega.parse(compiled.spec), { renderer: "none" });
  await view.runAsync();
  const svg = await view.toSVG();
  view.finalize();
  const marks = (type: string) => (svg.match(new RegExp(`class="mark-${type} role-mark`, "g")) ?? []).length;
  return { svg, marks };
}

const DATASETS = [
  { file: "seattle-weather.csv", chart: "Average precipitation by month", mark: "symbol" },
  { file: "stocks.csv", chart: "Average price by month", mark: "symbol" },
  { file: "cars.json", chart: "Average Miles_per_Gallon by year", mark: "symbol" },
  { file: "iowa-electricity.csv", chart: "Average net_generation by year", mark: "symbol" },
  { file: "github.csv", chart: "Average count by day", mark: "symbol" },
  { file: "penguins.json", chart: "Average Beak Length (mm) by Species", mark: "rect" },
  { file: "airports.csv", chart: "Rows by state", mark: "rect" },
  { file: "unemployment.tsv", chart: "Distribution of rate", mark: "rect" },
  { file: "movies.json", chart: "Average US Gross by year", mark: "symbol" },
  { file: null, chart: "Average sales by month", mark: "symbol" },
];

describe("the offline demo under CPython", () => {
  it("finds CPython", () => {
    expect(existsSync(PYTHON), `${PYTHON} is missing: apt-get install python3`).toBe(true);
  });

  it.each(DATASETS)(
    "walks $file: table, one failing cell, its fix with a chart, the numbers",
    async ({ file, chart, mark }) => {
      const system = file
        ? `Files under /data:\n- /data/${file} (1 kB)`
        : "No files are mounted under /data yet.";
      const { answer, cells, outputs } = walk(system, "What is in my data?");
      expect(cells).toHaveLength(3);
      const [table = [], attempt = [], fix = []] = outputs;

      expectTable(table);

      // Exactly one failure: the attempt's KeyError on the slipped name.
      const [error] = errorsOf(attempt);
      expect(errorsOf(attempt)).toHaveLength(1);
      expect(error).toMatchObject({ ename: "KeyError" });
      expect(bundlesOf(attempt)).toEqual([]);

      expect(errorsOf(fix)).toEqual([]);
      const [bundle] = bundlesOf(fix);
      const spec = bundle?.["application/vnd.vegalite.v5+json"] as {
        title: string;
        data: { values: unknown[] };
      };
      expect(spec.title).toBe(chart);
      expect(String(bundle?.["text/plain"])).toContain(chart);
      const points = spec.data.values.length;
      expect(points).toBeGreaterThan(1);
      expect(points).toBeLessThanOrEqual(MAX_POINTS);
      const drawn = await draw(spec);
      expect(drawn.svg).toContain(chart.replaceAll("&", "&amp;"));
      expect(drawn.marks(mark)).toBe(1);
      expect((drawn.svg.match(/<path/g) ?? []).length).toBeGreaterThanOrEqual(points);

      // The answer quotes the numbers the fix printed.
      const highest = /^Highest: (.+)$/m.exec(stdoutOf(fix))?.[1];
      expect(highest).toBeTruthy();
      expect(answer).toContain(`Highest: ${highest}`);
      expect(answer).toContain(/^Overall: (.+)$/m.exec(stdoutOf(fix))?.[1]);
    },
    60_000,
  );

  it("reads JSON records with uneven keys, and CSV with a byte-order mark and missing values", () => {
    const folder = mkdtempSync(path.join(tmpdir(), "ada-demo-"));
    try {
      const records = [
        { day: "2024-01-01", sold: 3 },
        { day: "2024-01-02", extra: true },
      ];
      writeFileSync(path.join(folder, "records.json"), JSON.stringify(records));
      writeFileSync(
        path.join(folder, "sales.csv"),
        "\ufeffday,sold\n2024-01-01,3\n2024-01-02,NaN\n2024-01-03,\n2024-01-04,5\n",
      );
      const profile = (file: string) => {
        const { outputs } = walk(`- /data/${file} (1 kB)`, "q", folder);
        expectTable(outputs[0] ?? []);
        return stdoutOf(outputs[0] ?? []);
      };
      expect(profile("records.json")).toContain(
        "Table: /data/records.json, 2 rows, 3 columns\nColumn day: date, 2 distinct\n" +
          "Column sold: number, 1 distinct, 1 missing\nColumn extra: text, 1 distinct, 1 missing",
      );
      expect(profile("sales.csv")).toContain(
        "Table: /data/sales.csv, 4 rows, 2 columns\nColumn day: date, 4 distinct\nColumn sold: number, 2 distinct, 2 missing",
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);

  it("stops with a clear error on JSON that is not a table", () => {
    const folder = mkdtempSync(path.join(tmpdir(), "ada-demo-"));
    try {
      writeFileSync(path.join(folder, "numbers.json"), "[1, 2, 3]");
      const { answer, cells } = walk("- /data/numbers.json (7 B)", "q", folder);
      expect(cells).toHaveLength(1);
      expect(answer).toContain("`ValueError: /data/numbers.json does not hold a table");
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);

  it("reads the file the question is about, typed columns listed", () => {
    const system = [
      "Files under /data (column types read from the first rows):",
      "- /data/cars.json (98 kB) columns: Name (text), Miles_per_Gallon (number), Year (date), Origin (text)",
      "- /data/seattle-weather.csv (48 kB) columns: date (date), precipitation (number), weather (text)",
    ].join("\n");
    const { cells, outputs } = walk(system, "How has Seattle's weather changed across the seasons?");
    expect(stdoutOf(outputs[0] ?? [])).toContain("Table: /data/seattle-weather.csv, 1,461 rows, 6 columns");
    expect(cells[2]).toContain('"precipitation"');
  }, 60_000);
});
