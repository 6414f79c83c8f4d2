import { describe, expect, it } from "vitest";
import { misspell, type ProfiledColumn, planChart, slippedColumn } from "./plan.ts";

const column = (name: string, kind: ProfiledColumn["kind"], distinct: number | null = 100) => ({
  name,
  kind,
  distinct,
});

describe("planChart", () => {
  it("charts a measure over time, one line per series when dates repeat", () => {
    const stocks = [column("symbol", "text", 5), column("date", "date", 123), column("price", "number", 549)];
    expect(planChart({ rows: 560, columns: stocks })).toEqual({
      kind: "time",
      date: "date",
      value: "price",
      series: "symbol",
    });
    // One row per date: a single line, even with a small text column beside it.
    const weather = [
      column("date", "date", 1461),
      column("precipitation", "number", 111),
      column("weather", "text", 5),
    ];
    expect(planChart({ rows: 1461, columns: weather })).toMatchObject({
      series: null,
      value: "precipitation",
    });
  });

  it("passes over numbers that identify, locate or label rather than measure", () => {
    const columns = [
      column("id", "number", 3000),
      column("latitude", "number"),
      column("Cylinders", "number", 5),
      column("Horsepower", "number", 93),
      column("Origin", "text", 3),
    ];
    expect(planChart({ rows: 406, columns })).toEqual({
      kind: "category",
      category: "Origin",
      value: "Horsepower",
    });
  });

  it("counts rows per category when nothing is a measure", () => {
    const airports = [
      column("iata", "text", 3376),
      column("state", "text", 57),
      column("latitude", "number", 3375),
    ];
    expect(planChart({ rows: 3376, columns: airports })).toEqual({
      kind: "category",
      category: "state",
      value: null,
    });
  });

  it("groups by a number with few values when there is no text to group by", () => {
    const columns = [column("cluster", "number", 6), column("pop", "number", 600)];
    expect(planChart({ rows: 600, columns })).toEqual({
      kind: "category",
      category: "cluster",
      value: "pop",
    });
  });

  it("draws a histogram of the only measure, and counts the commonest text as a last resort", () => {
    expect(
      planChart({ rows: 3218, columns: [column("id", "number"), column("rate", "number", 210)] }),
    ).toEqual({
      kind: "histogram",
      value: "rate",
    });
    expect(planChart({ rows: 10, columns: [column("name", "text", 10_000)] })).toEqual({
      kind: "category",
      category: "name",
      value: null,
    });
    expect(planChart({ rows: 0, columns: [] })).toBeNull();
  });

  it("works from the prompt's types alone, without counts", () => {
    const columns = [
      column("when", "date", null),
      column("team", "text", null),
      column("score", "number", null),
    ];
    expect(planChart({ rows: null, columns })).toEqual({
      kind: "time",
      date: "when",
      value: "score",
      series: null,
    });
  });
});

describe("the deliberate slip", () => {
  it("goes on the measure, else on the column grouped by", () => {
    expect(slippedColumn({ kind: "time", date: "date", value: "price", series: null })).toBe("price");
    expect(slippedColumn({ kind: "category", category: "state", value: null })).toBe("state");
    expect(slippedColumn({ kind: "histogram", value: "rate" })).toBe("rate");
  });

  it("flips the case of the first letter, and never writes another column's name", () => {
    expect(misspell("precipitation", [])).toBe("Precipitation");
    expect(misspell("Miles_per_Gallon", [])).toBe("miles_per_gallon");
    expect(misspell("price", ["price", "Price"])).toBe("PRICE");
    expect(misspell("2019", ["2019"])).toBe("2019s");
    expect(misspell("2019", ["2019", "2019s"])).toBe("2019_");
  });
});
