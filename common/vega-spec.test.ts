import { describe, expect, it } from "vitest";
import { fitToWidth, isVegaMime } from "./vega-spec.ts";

describe("isVegaMime", () => {
  it("knows Vega-Lite v4 to v6 and Vega v5", () => {
    expect(
      [
        "application/vnd.vegalite.v4+json",
        "application/vnd.vegalite.v6+json",
        "application/vnd.vega.v5+json",
      ].every(isVegaMime),
    ).toBe(true);
    expect(isVegaMime("application/vnd.vegalite.v3+json")).toBe(false);
  });
});

describe("fitToWidth", () => {
  const bars = { mark: "bar", encoding: { x: { field: "a" } } };

  it("stretches a single view with no width of its own to the cell", () => {
    expect(fitToWidth(bars, "vega-lite")).toEqual({ ...bars, width: "container" });
    expect(fitToWidth({ layer: [bars] }, "vega-lite")).toEqual({ layer: [bars], width: "container" });
  });

  it("keeps a width the spec sets, compositions, facets and Vega specs as they are", () => {
    const cases = [
      [{ ...bars, width: 200 }, "vega-lite"],
      [{ hconcat: [bars, bars] }, "vega-lite"],
      [{ facet: { field: "c" }, spec: bars }, "vega-lite"],
      [{ mark: "bar", encoding: { column: { field: "c" } } }, "vega-lite"],
      [{ marks: [] }, "vega"],
    ] as const;
    for (const [spec, mode] of cases) expect(fitToWidth(spec, mode)).toBe(spec);
  });
});
