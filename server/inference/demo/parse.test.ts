import { describe, expect, it } from "vitest";
import {
  errorLine,
  hasFailed,
  isSkipped,
  kindOfType,
  parseChartSummary,
  parseMountedFiles,
  parseProfile,
  profileOfFile,
} from "./parse.ts";

describe("parseMountedFiles", () => {
  it("reads each listed path with its columns and their types", () => {
    const prompt = [
      "You are Ada.",
      "- A cell's last expression is displayed.",
      "Files under /data (column types read from the first rows):",
      "- /data/seattle-weather.csv (48 kB) columns: date (date), temp_max (number), weather (text)",
      "- /data/cars.json (98 kB)",
    ].join("\n");
    expect(parseMountedFiles(prompt)).toEqual([
      {
        path: "/data/seattle-weather.csv",
        columns: [
          { name: "date", type: "date" },
          { name: "temp_max", type: "number" },
          { name: "weather", type: "text" },
        ],
      },
      { path: "/data/cars.json", columns: [] },
    ]);
  });

  it("keeps parentheses and spaces in names, and reads the older untyped list", () => {
    expect(
      parseMountedFiles(
        "- /data/my sales (2024).csv (1 MB) columns: Body Mass (g) (integer), Beak Length (mm) (number)\r\n" +
          "- /data/iris.csv (4.6 kB) columns: sepal_length, species\n- /data/raw/notes.txt",
      ),
    ).toEqual([
      {
        path: "/data/my sales (2024).csv",
        columns: [
          { name: "Body Mass (g)", type: "integer" },
          { name: "Beak Length (mm)", type: "number" },
        ],
      },
      {
        path: "/data/iris.csv",
        columns: [
          { name: "sepal_length", type: null },
          { name: "species", type: null },
        ],
      },
      { path: "/data/raw/notes.txt", columns: [] },
    ]);
  });

  it("skips the count of columns left out of a long list", () => {
    const [file] = parseMountedFiles("- /data/wide.csv (5 kB) columns: a (number), b (text), … (40 more)");
    expect(file?.columns.map((column) => column.name)).toEqual(["a", "b"]);
  });

  it("finds nothing when no files are mounted", () => {
    expect(parseMountedFiles("You are Ada.\n\nNo files are mounted under /data yet.")).toEqual([]);
  });
});

describe("kindOfType", () => {
  it("maps the worker's column types (and other spellings) to number, date or text", () => {
    const kinds = ["integer", "number", "float64", "date", "datetime", "boolean", "text", "object", null];
    expect(kinds.map(kindOfType)).toEqual([
      "number",
      "number",
      "number",
      "date",
      "date",
      "text",
      "text",
      "text",
      "text",
    ]);
  });

  it("turns a prompt's file into a profile without counts", () => {
    expect(profileOfFile({ path: "/data/x.csv", columns: [{ name: "when", type: "datetime" }] })).toEqual({
      rows: null,
      columns: [{ name: "when", kind: "date", distinct: null }],
    });
  });
});

describe("parseProfile", () => {
  it("reads the table cell's own lines out of the browser's report", () => {
    const result = [
      "The code ran successfully.",
      "",
      "stdout:",
      "Table: /data/a, b.csv, 1,461 rows, 3 columns",
      "Column date: date, 1,461 distinct, 2012-01-01 to 2015-12-31",
      "Column Body Mass (g): number, 94 distinct, 2 missing, 2,700 to 6,300",
      "Column note: a: text, 5 distinct, 10 missing",
      "",
      "Shown to the user:",
      "- Display: a table, 10 rows × 3 columns.",
    ].join("\n");
    expect(parseProfile(result)).toEqual({
      path: "/data/a, b.csv",
      rows: 1461,
      columns: [
        { name: "date", kind: "date", distinct: 1461 },
        { name: "Body Mass (g)", kind: "number", distinct: 94 },
        { name: "note: a", kind: "text", distinct: 5 },
      ],
    });
  });

  it("gives up on output it did not print", () => {
    expect(parseProfile("The code ran successfully.\n\nstdout:\n150 rows")).toBeNull();
  });
});

describe("parseChartSummary", () => {
  it("reads the chart cell's four lines", () => {
    const result = [
      "stdout:",
      "Chart: Average price by month, 560 points from 2000-01 to 2010-03",
      "Highest: GOOG in 2007-10 (707)",
      "Lowest: AMZN in 2001-09 (5.97)",
      "Overall: 100.7 across 560 rows",
      "",
      'Shown to the user:\n- Display: a Vega-Lite chart. Its spec, data left out:\n{"title":"Average price by month"}',
    ].join("\n");
    expect(parseChartSummary(result)).toEqual({
      chart: "Average price by month, 560 points from 2000-01 to 2010-03",
      highest: "GOOG in 2007-10 (707)",
      lowest: "AMZN in 2001-09 (5.97)",
      overall: "100.7 across 560 rows",
    });
  });

  it("is null when a line is missing", () => {
    expect(parseChartSummary("Chart: x\nHighest: a (1)\nOverall: 2")).toBeNull();
  });
});

describe("failures", () => {
  const traceback = [
    "The code raised an error.",
    "",
    "stderr:",
    "Traceback (most recent call last):",
    '  File "<cell>", line 10, in <module>',
    "KeyError: 'Precipitation'",
  ].join("\n");

  it("finds the traceback and its last error line", () => {
    expect(hasFailed(traceback)).toBe(true);
    expect(errorLine(traceback)).toBe("KeyError: 'Precipitation'");
    expect(errorLine("stderr:\nKeyboardInterrupt")).toBe("KeyboardInterrupt");
    expect(hasFailed("json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)")).toBe(true);
  });

  it("does not take data for an error", () => {
    const table = "Shown to the user:\nError  count\nValueError was logged  3";
    expect(hasFailed(table)).toBe(false);
    expect(hasFailed("The code ran successfully.\n\nstdout:\nColumn Error: text, 2 distinct")).toBe(false);
  });

  it("recognises a cell that did not run", () => {
    expect(isSkipped("Skipped by the user: the code was not run. Their reason: too slow")).toBe(true);
    expect(isSkipped("Not run: the conversation moved on without it.")).toBe(true);
    expect(isSkipped("The code ran successfully.\n\nstdout:\nskipped 3 rows")).toBe(false);
  });
});
