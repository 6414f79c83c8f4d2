import { describe, expect, it } from "vitest";
import type { ChatMessage } from "#common/chat-schema.ts";
import { chartCode } from "./chart-python.ts";
import { chooseFile, demoReply } from "./script.ts";

const WITH_FILES = [
  "You are Ada.",
  "",
  "Files under /data (column types read from the first rows):",
  "- /data/cars.json (98 kB) columns: Name (text), Miles_per_Gallon (number), Year (date), Origin (text)",
  "- /data/stocks.csv (12 kB) columns: symbol (text), date (text), price (number)",
  "- /data/flights.parquet (20 MB) columns: delay (integer)",
].join("\n");
const NO_FILES = "You are Ada.\n\nNo files are mounted under /data yet.";

/** What the table cell prints for stocks.csv, as the browser reports it. */
const STOCKS_TABLE = [
  "The code ran successfully.",
  "",
  "stdout:",
  "Table: /data/stocks.csv, 560 rows, 3 columns",
  "Column symbol: text, 5 distinct",
  "Column date: date, 123 distinct, 2000-01-01 to 2010-03-01",
  "Column price: number, 549 distinct, 5.97 to 707",
  "",
  "Shown to the user:",
  "- Display: a table, 10 rows × 3 columns.",
].join("\n");
const SLIP_ERROR = [
  "The code raised an error.",
  "",
  "stderr:",
  "Traceback (most recent call last):",
  '  File "<cell>", line 10, in <module>',
  "KeyError: 'Price'",
].join("\n");
const CHART_OUTPUT = [
  "The code ran successfully.",
  "",
  "stdout:",
  "Chart: Average price by month, 560 points from 2000-01 to 2010-03",
  "Highest: GOOG in 2007-10 (707)",
  "Lowest: AMZN in 2001-09 (5.97)",
  "Overall: 100.7 across 560 rows",
].join("\n");
const STOCKS_PLAN = { kind: "time", date: "date", value: "price", series: "symbol" } as const;

let calls = 0;
/** The messages of one turn: system prompt, user message, then each cell's call and result. */
function turn(system: string, question: string, ...results: string[]): ChatMessage[] {
  return [
    { role: "system", content: system },
    { role: "user", content: question },
    ...results.flatMap((result): ChatMessage[] => {
      const id = `call_${++calls}`;
      return [
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id, type: "function", function: { name: "python_run", arguments: "{}" } }],
        },
        { role: "tool", tool_call_id: id, content: result },
      ];
    }),
  ];
}

describe("the demo's first step", () => {
  it("introduces itself, names the provider keys and reads the file the question is about", () => {
    const reply = demoReply(turn(WITH_FILES, "How did the stock prices move?"));
    expect(reply.text).toContain("offline demo");
    expect(reply.text).toContain("`OPENAI_API_KEY`");
    expect(reply.text).toContain("`ANTHROPIC_API_KEY`");
    expect(reply.text).toContain("`/data/stocks.csv`");
    expect(reply.code).toContain('path = "/data/stocks.csv"');
    expect(reply.code).toContain("csv.DictReader(file)");
    expect(reply.code).toContain('"application/vnd.dataresource+json"');
    expect(reply.code).toContain("raw=True");
    expect(reply.code).not.toMatch(/pandas|numpy/);
  });

  it("reads JSON and TSV files too", () => {
    expect(demoReply(turn(WITH_FILES, "Which cars are efficient?")).code).toContain("json.load(file)");
    const tsv = demoReply(turn("- /data/unemployment.tsv (34 kB)", "Explore"));
    expect(tsv.code).toContain('csv.DictReader(file, delimiter="\\t")');
  });

  it("makes up a seeded sample when no CSV or JSON file is mounted", () => {
    const none = demoReply(turn(NO_FILES, "Explore my data."));
    expect(none.text).toContain("No file is mounted yet");
    expect(none.code).toContain("random.seed(42)");
    const parquet = demoReply(turn("- /data/flights.parquet (20 MB)", "Explore my data."));
    expect(parquet.text).toContain("None of the files under `/data` is CSV or JSON");
    expect(parquet.code).toContain("random.seed(42)");
  });
});

describe("chooseFile", () => {
  const files = [
    { path: "/data/cars.json", columns: [] },
    { path: "/data/seattle-weather.csv", columns: [] },
    { path: "/data/flights.parquet", columns: [] },
  ];
  it("takes the readable file whose name the question uses most, else the first", () => {
    expect(chooseFile(files, "How has Seattle's weather changed across the seasons?")?.path).toBe(
      "/data/seattle-weather.csv",
    );
    expect(chooseFile(files, "What about the flights?")?.path).toBe("/data/cars.json");
    expect(chooseFile([...files, { path: "/data/stocks.csv", columns: [] }], "stock prices?")?.path).toBe(
      "/data/stocks.csv",
    );
    expect(chooseFile(files.slice(2), "flights")).toBeNull();
  });
});

describe("the demo's chart, failing once on purpose", () => {
  it("proposes the chart with the measure's name in the wrong case", () => {
    const reply = demoReply(turn(WITH_FILES, "q", STOCKS_TABLE));
    expect(reply.text).toContain("560 rows and 3 columns");
    expect(reply.text).toContain("the average `price` over time (`date`), one line per `symbol`");
    expect(reply.code).toBe(chartCode(STOCKS_PLAN, { column: "price", as: "Price" }));
    expect(reply.code).toContain('date_column, value_column, series_column = "date", "Price", "symbol"');
  });

  it("then fixes it, naming the error, and differs by that one name", () => {
    const attempt = demoReply(turn(WITH_FILES, "q", STOCKS_TABLE)).code ?? "";
    const fix = demoReply(turn(WITH_FILES, "q", STOCKS_TABLE, SLIP_ERROR));
    expect(fix.text).toContain("That failed with `KeyError: 'Price'`");
    expect(fix.text).toContain("case-sensitive, and this one is `price`");
    expect(fix.code).toBe(chartCode(STOCKS_PLAN));
    const changed = (fix.code ?? "").split("\n").filter((line, at) => line !== attempt.split("\n")[at]);
    expect(changed).toEqual(['date_column, value_column, series_column = "date", "price", "symbol"']);
  });

  it("proposes the same fix, in general words, after another error", () => {
    const other = "stderr:\nTraceback (most recent call last):\nNameError: name 'rows' is not defined";
    const fix = demoReply(turn(WITH_FILES, "q", STOCKS_TABLE, other));
    expect(fix.text).toContain("`NameError: name 'rows' is not defined`");
    expect(fix.text).toContain("every column name as the table writes it");
    expect(fix.code).toBe(chartCode(STOCKS_PLAN));
  });

  it("plans from the prompt's column types when the table cell printed something else", () => {
    const reply = demoReply(turn(WITH_FILES, "Which cars?", "The code ran successfully.\n\nstdout:\nhello"));
    expect(reply.code).toContain('date_column, value_column = "Year", "miles_per_gallon"');
  });
});

describe("the demo's answer", () => {
  it("quotes the numbers the fixed cell printed and proposes no code", () => {
    const reply = demoReply(turn(WITH_FILES, "q", STOCKS_TABLE, SLIP_ERROR, CHART_OUTPUT));
    expect(reply.code).toBeUndefined();
    expect(reply.text).toContain("**Average price by month, 560 points from 2000-01 to 2010-03.**");
    expect(reply.text).toContain("Highest: GOOG in 2007-10 (707); lowest: AMZN in 2001-09 (5.97)");
    expect(reply.text).toContain("Overall: 100.7 across 560 rows.");
    expect(reply.text).toContain("make it a bar chart");
    expect(reply.text).toContain("`OPENAI_API_KEY`");
  });

  it("answers at once when the user corrected the name before running the chart", () => {
    const reply = demoReply(turn(WITH_FILES, "q", STOCKS_TABLE, CHART_OUTPUT));
    expect(reply.code).toBeUndefined();
    expect(reply.text).toContain("Highest: GOOG in 2007-10 (707)");
  });

  it("quotes the start of an output it cannot read, fenced against backticks", () => {
    const output = ["a ``` b", ...Array.from({ length: 11 }, (_, i) => `line ${i + 2}`)].join("\n");
    const reply = demoReply(turn(WITH_FILES, "q", STOCKS_TABLE, output));
    expect(reply.text).toContain("````text\na ``` b\nline 2\n");
    expect(reply.text).toContain("line 8\n````");
    expect(reply.text).not.toContain("line 9");
    expect(reply.text).toContain("4 more lines");
  });

  it("stops with the error when the table cannot be read or the fix fails too", () => {
    const unreadable =
      "stderr:\nTraceback (most recent call last):\nFileNotFoundError: [Errno 2] No such file";
    for (const results of [[unreadable], [STOCKS_TABLE, SLIP_ERROR, SLIP_ERROR]]) {
      const reply = demoReply(turn(WITH_FILES, "q", ...results));
      expect(reply.code).toBeUndefined();
      expect(reply.text).toMatch(/The cell failed with `(FileNotFoundError|KeyError)/);
      expect(reply.text).toContain("script ends here");
    }
  });

  it("stops when the table is empty or has nothing to chart", () => {
    const empty = "stdout:\nTable: /data/x.csv, 0 rows, 1 columns\nColumn a: text, 0 distinct";
    expect(demoReply(turn(WITH_FILES, "q", empty)).text).toContain("no rows");
    const blank = "stdout:\nTable: /data/x.csv, 3 rows, 0 columns";
    expect(demoReply(turn(WITH_FILES, "q", blank)).text).toContain("nothing I can chart");
  });

  it("acknowledges a skipped cell at any step, quoting nothing and proposing no code", () => {
    for (const results of [
      ["Skipped by the user: the code was not run."],
      [STOCKS_TABLE, "Skipped by the user."],
    ]) {
      const reply = demoReply(turn(WITH_FILES, "q", ...results));
      expect(reply.code).toBeUndefined();
      expect(reply.text).toContain("You skipped the cell");
      expect(reply.text).not.toContain("```");
    }
  });

  it("reads only the turn since the last user message", () => {
    const earlier = turn(WITH_FILES, "q", STOCKS_TABLE, SLIP_ERROR, CHART_OUTPUT);
    const messages: ChatMessage[] = [
      ...earlier,
      { role: "assistant", content: "Done." },
      { role: "user", content: "Again, please." },
    ];
    expect(demoReply(messages).code).toContain("Table:");
  });
});
