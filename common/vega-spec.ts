/** Which MIME types are charts, and how a chart's spec is adapted to the cell it is drawn in. */

export const VEGA_MIMES = {
  "application/vnd.vegalite.v6+json": "vega-lite",
  "application/vnd.vegalite.v5+json": "vega-lite",
  "application/vnd.vegalite.v4+json": "vega-lite",
  "application/vnd.vega.v5+json": "vega",
} as const;

export type VegaMime = keyof typeof VEGA_MIMES;

export const isVegaMime = (mime: string): mime is VegaMime => mime in VEGA_MIMES;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * A Vega-Lite chart of one view (a mark, or layers over the same axes) that does not set its own
 * width is stretched to the cell's width, as a chart in a notebook's output area is expected to
 * be. Compositions (facet, concat, repeat) and Vega specs keep the size they ask for; the cell
 * scrolls sideways when they are wider.
 */
export function fitToWidth(spec: unknown, mode: "vega" | "vega-lite"): unknown {
  if (mode !== "vega-lite" || !isObject(spec) || spec.width !== undefined) return spec;
  const isSingleView = "mark" in spec || "layer" in spec;
  const isComposed = ["facet", "row", "column"].some(
    (channel) => isObject(spec.encoding) && channel in spec.encoding,
  );
  if (!isSingleView || "facet" in spec || isComposed) return spec;
  return { ...spec, width: "container" };
}
