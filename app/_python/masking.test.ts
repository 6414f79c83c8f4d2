import { describe, expect, it } from "vitest";
import type { CellOutput } from "#common/nbformat-outputs.ts";
import { MASK, Masker } from "./masking.ts";

const masker = (values: string[], columns = ["email", "salary"]) => new Masker({ columns, values });

describe("Masker.maskText", () => {
  it.each([
    ["a value standing alone", ["alice@example.com"], "to alice@example.com now", `to ${MASK} now`],
    ["whatever the case", ["Alice Smith"], "ALICE SMITH paid", `${MASK} paid`],
    ["not inside a longer word", ["Ann"], "Annual report by Ann.", `Annual report by ${MASK}.`],
    ["the longest value first", ["New", "New York"], "New York, New Delhi", `${MASK}, ${MASK} Delhi`],
    ["in a table's plain text", ["bob"], "0  bob  3\n1  eve  4", `0  ${MASK}  3\n1  eve  4`],
    [
      "a number as written anywhere",
      ["52000"],
      "max 52,000 or 52000.0 or 5.2e4",
      `max ${MASK} or ${MASK} or ${MASK}`,
    ],
    ["a number not equal to one", ["52000"], "52001 and 520000 and 5200", "52001 and 520000 and 5200"],
    ["a negative number", ["-3.5"], "min -3.5, max 3.5", `min ${MASK}, max 3.5`],
    ["a number inside a word is left", ["7"], "row7 has 7 items", `row7 has ${MASK} items`],
    ["missing markers are not data", ["NaN", "", "NA"], "NaN NA values", "NaN NA values"],
  ])("masks %s", (_name, values, text, expected) => {
    expect(masker(values).maskText(text)).toBe(expected);
  });

  it("counts what it masked", () => {
    const m = masker(["x1", "42"]);
    m.maskText("x1 and 42 and x1");
    expect(m.count).toBe(3);
  });
});

describe("Masker.maskOutputs", () => {
  const secret = "s3cr3t-token";
  const outputs: CellOutput[] = [
    { output_type: "stream", name: "stdout", text: `first: ${secret}\n` },
    {
      output_type: "execute_result",
      execution_count: 1,
      data: {
        "text/plain": `   email   salary\n0  ${secret}  52000`,
        "application/vnd.dataresource+json": {
          schema: { fields: [{ name: "email" }, { name: "salary" }, { name: "city" }] },
          data: [{ email: "derived@x.org", salary: 61000.5, city: secret }],
        },
      },
      metadata: { "application/vnd.dataresource+json": { rows: 1 } },
    },
    {
      output_type: "display_data",
      data: {
        "application/vnd.vegalite.v5+json": { data: { values: [{ salary: 52000, n: 52000 }] } },
        "image/png": "c3Ny",
      },
      metadata: {},
    },
    { output_type: "error", ename: "KeyError", evalue: `'${secret}'`, traceback: [`KeyError: '${secret}'`] },
  ];

  it("masks streams, tables, chart data and errors, and leaves the screen's copy alone", () => {
    const before = JSON.stringify(outputs);
    const masked = masker([secret, "52000"]).maskOutputs(outputs);
    expect(JSON.stringify(outputs)).toBe(before);
    const text = JSON.stringify(masked);
    expect(text).not.toContain(secret);
    expect(text).not.toContain("52000");
    // Fields named like a private column lose even values that are not in the file.
    expect(text).not.toContain("derived@x.org");
    expect(text).not.toContain("61000.5");
    expect(masked[0]).toEqual({ output_type: "stream", name: "stdout", text: `first: ${MASK}\n` });
    expect(masked[3]).toMatchObject({ evalue: `'${MASK}'`, traceback: [`KeyError: '${MASK}'`] });
    // Images are not text the model reads, and table sizes stay.
    expect(masked[2]).toMatchObject({ data: { "image/png": "c3Ny" } });
    expect(masked[1]).toMatchObject({
      metadata: outputs[1] && "metadata" in outputs[1] ? outputs[1].metadata : {},
    });
  });
});
