import { describe, expect, it } from "vitest";
import { compareValues, durationMs, kindOfType, type ValueKind } from "./compare-values.ts";

const sorted = (values: unknown[], kind: ValueKind) => [...values].sort((a, b) => compareValues(a, b, kind));

describe("kindOfType", () => {
  it("maps Table Schema types, and anything unknown to text", () => {
    expect(
      ["integer", "number", "boolean", "datetime", "date", "duration", "string", "any", undefined].map(
        kindOfType,
      ),
    ).toEqual(["number", "number", "boolean", "datetime", "datetime", "duration", "text", "text", "text"]);
  });
});

describe("compareValues", () => {
  it("orders numbers as numbers, not as text (9 before 10), with NaN last", () => {
    expect(sorted([10, 9, -1.5, Number.NaN, 100], "number")).toEqual([-1.5, 9, 10, 100, Number.NaN]);
  });

  it("orders text naturally and without regard to case", () => {
    expect(sorted(["item10", "Item2", "item1", "banana", "Apple"], "text")).toEqual([
      "Apple",
      "banana",
      "item1",
      "Item2",
      "item10",
    ]);
  });

  it("orders timestamps by the instant they name, whatever their offsets", () => {
    const values = ["2024-01-01T12:00:00.000+02:00", "2024-01-01T11:00:00.000Z", "2023-12-31T00:00:00.000Z"];
    expect(sorted(values, "datetime")).toEqual([
      "2023-12-31T00:00:00.000Z",
      "2024-01-01T12:00:00.000+02:00", // 10:00 UTC
      "2024-01-01T11:00:00.000Z",
    ]);
  });

  it("puts values that are not of the column's kind after those that are", () => {
    expect(sorted(["not a date", "2020-01-02", "2020-01-01"], "datetime")).toEqual([
      "2020-01-01",
      "2020-01-02",
      "not a date",
    ]);
    expect(sorted(["n/a", 3, 1], "number")).toEqual([1, 3, "n/a"]);
  });

  it("orders pandas durations by length", () => {
    expect(sorted(["P1DT0H0M0S", "P0DT0H0M59S", "P0DT1H0M0S", "-P0DT0H0M1S"], "duration")).toEqual([
      "-P0DT0H0M1S",
      "P0DT0H0M59S",
      "P0DT1H0M0S",
      "P1DT0H0M0S",
    ]);
  });

  it("orders booleans false first, and mixed types numbers, booleans, text, then objects", () => {
    expect(sorted([true, false, true], "boolean")).toEqual([false, true, true]);
    expect(sorted([{ a: 1 }, "x", true, 2], "text")).toEqual([2, true, "x", { a: 1 }]);
  });
});

describe("durationMs", () => {
  it("reads ISO 8601 durations, and nothing else", () => {
    expect(durationMs("P0DT0H0M1.5S")).toBe(1500);
    expect(durationMs("P1W")).toBe(7 * 24 * 3600 * 1000);
    expect(durationMs("PT2H")).toBe(2 * 3600 * 1000);
    for (const value of ["P", "PT", "1 day", ""]) expect(durationMs(value)).toBeNaN();
  });
});
