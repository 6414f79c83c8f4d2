import { describe, expect, it } from "vitest";
import type { CellOutput } from "#common/nbformat-outputs.ts";
import { findMentions } from "./mentions.ts";
import { traceNumbers } from "./provenance.ts";
import { sourceValues } from "./sources.ts";

const stdout = (text: string): CellOutput => ({ output_type: "stream", name: "stdout", text });
const table = (rows: Record<string, unknown>[]): CellOutput => ({
  output_type: "execute_result",
  execution_count: 1,
  data: { "application/vnd.dataresource+json": { schema: { fields: [] }, data: rows } },
  metadata: {},
});
const chart = (values: Record<string, unknown>[]): CellOutput => ({
  output_type: "display_data",
  data: { "application/vnd.vegalite.v5+json": { mark: "bar", data: { values } } },
  metadata: {},
});

type Case = [name: string, answer: string, outputs: CellOutput[], expected: string, context?: string];

/** `expected`: each mention of the answer as `text=status`, c computed, n not computed, x context. */
const cases: Case[] = [
  // Exact values and separators
  ["an integer printed as is", "There are 150 rows.", [stdout("150\n")], "150=c"],
  ["thousands separators in the answer", "Total: 1,234,567.", [stdout("1234567\n")], "1,234,567=c"],
  ["thousands separators in the output", "Total: 1234567.", [stdout("1,234,567\n")], "1234567=c"],
  ["a decimal printed as is", "The mean is 5.843.", [stdout("5.843\n")], "5.843=c"],
  ["a value not in any output", "The mean is 5.843.", [stdout("5.9\n")], "5.843=n"],
  ["an invented number beside a real one", "It is 45, not 9,999.", [stdout("45\n")], "45=c 9,999=n"],
  // Rounding to the precision shown
  ["rounded to two decimals", "The mean is 5.84.", [stdout("5.843333\n")], "5.84=c"],
  ["rounded to a whole number", "About 6 cm on average, 58 in all.", [stdout("57.6\n")], "6=x 58=c"],
  ["rounded up", "It rose to 3.15.", [stdout("3.1459\n")], "3.15=c"],
  ["more digits than computed", "The mean is 5.8433.", [stdout("5.84\n")], "5.8433=n"],
  ["rounded the wrong way", "The mean is 5.85.", [stdout("5.843\n")], "5.85=n"],
  ["in thousands", "Revenue was 3.4k.", [stdout("3412\n")], "3.4k=c"],
  ["in millions", "Population: 1.2 million.", [stdout("1234567\n")], "1.2 million=c"],
  ["a wrong scale", "Population: 1.2 billion.", [stdout("1234567\n")], "1.2 billion=n"],
  // Percentages and fractions
  ["a fraction as a percentage", "45.2% of them survived.", [stdout("0.4523\n")], "45.2%=c"],
  ["a percentage as a fraction", "A share of 0.45.", [stdout("45.1%\n")], "0.45=c"],
  ["the word percent", "Up 12 percent.", [stdout("0.12\n")], "12 percent=c"],
  ["a percentage printed as such", "Rain on 38% of days.", [stdout("share: 38.2%\n")], "38%=c"],
  ["a percentage that is wrong", "Rain on 48% of days.", [stdout("0.382\n")], "48%=n"],
  // Negatives
  ["a negative number", "The change is -3.2.", [stdout("-3.2\n")], "-3.2=c"],
  ["a Unicode minus", "The change is −3.2.", [stdout("-3.2\n")], "−3.2=c"],
  ["a sign dropped in prose", "It fell by 3.2%.", [stdout("-0.032\n")], "3.2%=c"],
  ["a hyphen is not a sign", "Rows 15-20 are empty.", [stdout("15 20\n")], "15=c 20=c"],
  // Scientific notation
  ["scientific notation in the output", "p is 0.000012.", [stdout("1.2e-05\n")], "0.000012=c"],
  ["scientific notation in the answer", "p = 1.2e-5.", [stdout("0.000012\n")], "1.2e-5=c"],
  ["times ten to the power", "p = 1.2 × 10^-5.", [stdout("1.2e-05\n")], "1.2 × 10^-5=c"],
  // Years against values
  ["a year is not flagged", "Since 2015, sales grew to 412.", [stdout("412\n")], "2015=x 412=c"],
  [
    "a year found in a date column links",
    "The peak was in 2012.",
    [table([{ date: "2012-06-01", v: 3 }])],
    "2012=c",
  ],
  ["a value with a separator is not a year", "We counted 2,019 rows.", [stdout("2020\n")], "2,019=n"],
  ["a value with decimals is not a year", "The mean is 2015.5.", [stdout("2015.47\n")], "2015.5=c"],
  // Ranges
  ["a range with an en dash", "Values run 4.3–7.9 cm.", [stdout("min 4.3 max 7.9\n")], "4.3=c 7.9=c"],
  ["a range with words", "between 12 and 99", [stdout("12\n")], "12=c 99=n"],
  // Dates
  ["an ISO date", "It peaked on 2015-12-04.", [stdout("2015-12-04 35.0\n")], "2015-12-04=c"],
  ["a date written out", "It peaked on December 4, 2015.", [stdout("2015-12-04\n")], "December 4, 2015=c"],
  [
    "a day before the month",
    "It peaked on 4 Dec 2015.",
    [table([{ date: "2015-12-04T00:00:00" }])],
    "4 Dec 2015=c",
  ],
  ["a slashed date", "It peaked on 12/04/2015.", [stdout("2015-12-04\n")], "12/04/2015=c"],
  ["a month", "Rainiest: November 2015.", [stdout("2015-11-17 rain\n")], "November 2015=c"],
  ["a date not in the outputs", "It peaked on 2016-01-01.", [stdout("2015-12-04\n")], "2016-01-01=n"],
  // Numbers inside words, and small counts
  ["numbers inside words are not numbers", "H2O and COVID19 in v5, the 3rd try.", [], ""],
  ["a small count is not flagged", "I ran 3 cells.", [], "3=x"],
  ["a small count that is computed still links", "There are 3 species.", [stdout("3\n")], "3=c"],
  // Tables and charts
  ["a table cell", "Adelie birds weigh 3700 g.", [table([{ species: "Adelie", mass: 3700.0 }])], "3700=c"],
  [
    "a chart's data",
    "The tallest bar is 81.",
    [
      chart([
        { x: "a", y: 81 },
        { x: "b", y: 12 },
      ]),
    ],
    "81=c",
  ],
  // What the user gave
  [
    "a number from the question",
    "Filtering to rows above 500 leaves 37.",
    [stdout("37\n")],
    "500=x 37=c",
    "Which rows are above 500?",
  ],
  [
    "a number from a file name",
    "In sales_2021.csv 1,024 rows.",
    [stdout("1024\n")],
    "1,024=c",
    "/data/sales_2021.csv",
  ],
  [
    "a number from a column name",
    "The temp_max column exceeds 35 in week 52.",
    [stdout("36\n")],
    "35=x 52=x",
    "columns: temp_max (number), week 52 (number), limit 35",
  ],
  ["a currency amount", "It costs $1,299.99.", [stdout("1299.99\n")], "$1,299.99=c"],
];

describe("traceNumbers", () => {
  it("has a table of at least 40 cases", () => expect(cases.length).toBeGreaterThanOrEqual(40));

  it.each(cases)("%s", (_name, answer, outputs, expected, context = "") => {
    const traced = traceNumbers(answer, sourceValues([{ id: "cell-1", outputs }]), context);
    const short = { computed: "c", "not-computed": "n", context: "x" } as const;
    expect(traced.map((p) => `${p.text}=${short[p.status]}`).join(" ")).toBe(expected);
  });

  it("links to the line or the table cell that holds the value, the latest cell first", () => {
    const sources = sourceValues([
      { id: "old", outputs: [stdout("45\n")] },
      { id: "new", outputs: [stdout("a\nb 45\n"), table([{ n: 1 }, { n: 45 }])] },
    ]);
    const [first] = traceNumbers("It is 45.", sources, "");
    expect(first).toMatchObject({
      status: "computed",
      source: { cellId: "new", output: 0, line: 1, text: "45" },
    });
    const [cell] = traceNumbers(
      "It is 45.",
      sources.filter((s) => s.at.output === 1),
      "",
    );
    expect(cell).toMatchObject({ source: { cellId: "new", output: 1, row: 1, field: "n", text: "45" } });
  });
});

describe("findMentions", () => {
  it("gives positions that cut the text at the mention", () => {
    const text = "From 1,200 to −3.5% on 2024-01-05.";
    expect(findMentions(text).map((m) => text.slice(m.start, m.end))).toEqual([
      "1,200",
      "−3.5%",
      "2024-01-05",
    ]);
  });
});
