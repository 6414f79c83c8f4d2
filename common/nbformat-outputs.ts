/**
 * A cell's outputs, as Jupyter's nbformat 4 output objects: what the worker produces, what
 * `toolCalls.complete` stores in `agent_tool_calls.outputs`, what the cell renders and what a
 * notebook export writes, all in the same shape.
 * https://nbformat.readthedocs.io/en/latest/format_description.html#code-cell-outputs
 */
import { VEGA_MIMES, type VegaMime } from "./vega-spec.ts";

/**
 * MIME type → data. Text types (`text/*`, `image/svg+xml`) and base64 images are strings;
 * JSON types (`application/json`, `application/vnd.*+json`) are JSON values.
 */
export type MimeBundle = Record<string, unknown>;

export type StreamOutput = { output_type: "stream"; name: "stdout" | "stderr"; text: string };
type DisplayData = {
  output_type: "display_data";
  data: MimeBundle;
  metadata: Record<string, unknown>;
};
type ExecuteResult = {
  output_type: "execute_result";
  execution_count: number | null;
  data: MimeBundle;
  metadata: Record<string, unknown>;
};
export type ErrorOutput = { output_type: "error"; ename: string; evalue: string; traceback: string[] };

export type CellOutput = StreamOutput | DisplayData | ExecuteResult | ErrorOutput;

/** The MIME types the cell renders, richest first: a bundle is drawn with the first it holds. */
const MIME_PREFERENCE = [
  ...(Object.keys(VEGA_MIMES) as VegaMime[]),
  "application/vnd.dataresource+json",
  "text/html",
  "image/svg+xml",
  "image/png",
  "image/jpeg",
  "text/markdown",
  "application/json",
  "text/latex",
  "text/plain",
] as const;

export type RenderedMime = (typeof MIME_PREFERENCE)[number];

/** The MIME type a bundle is shown as, or null when it holds none the cell can draw. */
export function preferredMime(data: MimeBundle): RenderedMime | null {
  return MIME_PREFERENCE.find((mime) => data[mime] !== undefined && data[mime] !== null) ?? null;
}

/**
 * Appends an output the way Jupyter front ends do: consecutive writes to the same stream
 * become one `stream` output. Returns a new array (React state) and leaves `outputs` alone.
 */
export function appendOutput(outputs: readonly CellOutput[], output: CellOutput): CellOutput[] {
  const last = outputs.at(-1);
  if (output.output_type === "stream" && last?.output_type === "stream" && last.name === output.name) {
    return [...outputs.slice(0, -1), { ...last, text: last.text + output.text }];
  }
  return [...outputs, output];
}

/** All text written to one stream, in order. */
export const streamText = (outputs: readonly CellOutput[], name: StreamOutput["name"]) =>
  outputs
    .filter((output): output is StreamOutput => output.output_type === "stream" && output.name === name)
    .map((output) => output.text)
    .join("");

/** The traceback as one text, as a terminal would show it. */
export const errorText = (error: ErrorOutput) => error.traceback.join("\n");

/** Jupyter allows multi-line text as a list of lines; both forms read as one string. */
export const textOf = (value: unknown) =>
  Array.isArray(value) ? value.join("") : typeof value === "string" ? value : JSON.stringify(value);
