/**
 * A cell's nbformat outputs as static HTML for the report: text as text, tables as tables,
 * images inline, Markdown rendered, model-written HTML in a sandboxed frame (no scripts), and
 * charts as a placeholder plus their spec, which the report's renderer draws (report.ts).
 */

import "server-only";
import { type CellOutput, preferredMime, textOf } from "#common/nbformat-outputs.ts";
import { fitToWidth, isVegaMime, VEGA_MIMES } from "#common/vega-spec.ts";
import { escapeHtml, markdownToHtml } from "./markdown-html.ts";

/** A report shows at most this many rows of a table; the rest are counted. */
const MAX_REPORT_ROWS = 1_000;

export type Chart = { id: string; mode: "vega-lite" | "vega"; spec: unknown };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are control characters
const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, "");

const pre = (text: string, kind: string) => `<pre class="${kind}">${escapeHtml(text)}</pre>`;

/** The spec without `usermeta.embedOptions`: the renderer's options are the report's alone. */
function withoutEmbedOptions(spec: unknown) {
  if (!isObject(spec) || !isObject(spec.usermeta)) return spec;
  const { embedOptions: _dropped, ...usermeta } = spec.usermeta;
  return { ...spec, usermeta };
}

function tableHtml(value: unknown, metadata: unknown) {
  if (
    !isObject(value) ||
    !isObject(value.schema) ||
    !Array.isArray(value.schema.fields) ||
    !Array.isArray(value.data)
  ) {
    return `<p class="note">A table this report cannot show.</p>`;
  }
  const { primaryKey } = value.schema;
  const keys = new Set(
    typeof primaryKey === "string" ? [primaryKey] : Array.isArray(primaryKey) ? primaryKey : [],
  );
  const names = value.schema.fields.filter(isObject).map((field) => String(field.name));
  const rows = value.data.filter(isObject);
  const total =
    isObject(metadata) && typeof metadata.rows === "number"
      ? Math.max(metadata.rows, rows.length)
      : rows.length;
  const cell = (name: string, row: Record<string, unknown>) => {
    const raw = row[name];
    const text =
      raw === null || raw === undefined ? "null" : typeof raw === "string" ? raw : JSON.stringify(raw);
    const tag = keys.has(name) ? "th" : "td";
    return `<${tag}${typeof raw === "number" ? ' class="num"' : ""}>${escapeHtml(text)}</${tag}>`;
  };
  const head = names.map((name) => `<th>${escapeHtml(name)}</th>`).join("");
  const body = rows
    .slice(0, MAX_REPORT_ROWS)
    .map((row) => `<tr>${names.map((name) => cell(name, row)).join("")}</tr>`)
    .join("");
  const shown = Math.min(rows.length, MAX_REPORT_ROWS);
  const caption = `${total.toLocaleString("en")} rows × ${names.filter((name) => !keys.has(name)).length} columns${
    shown < total ? `, showing the first ${shown.toLocaleString("en")}` : ""
  }`;
  return `<div class="table"><p class="caption">${caption}</p><div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div></div>`;
}

function bundleHtml(data: Record<string, unknown>, metadata: Record<string, unknown>, charts: Chart[]) {
  // The same choice as the app's cell.
  const mime = preferredMime(data);
  if (!mime) return `<p class="note">An output of a type this report cannot show.</p>`;
  const value = data[mime];
  if (isVegaMime(mime)) {
    const mode = VEGA_MIMES[mime];
    const id = `chart-${charts.length + 1}`;
    charts.push({ id, mode, spec: fitToWidth(withoutEmbedOptions(value), mode) });
    return `<div class="chart" data-chart="${id}" data-mode="${mode}"><div class="chart-view"></div></div>`;
  }
  const alt = escapeHtml(typeof data["text/plain"] === "string" ? data["text/plain"].slice(0, 200) : "Image");
  switch (mime) {
    case "application/vnd.dataresource+json":
      return tableHtml(value, metadata[mime]);
    case "text/html":
      // Sandboxed: the model's markup runs no script and reaches nothing of the page.
      return `<iframe class="html" sandbox="" title="HTML output" srcdoc="${escapeHtml(textOf(value))}"></iframe>`;
    case "image/svg+xml":
      // As an image, an SVG runs no script whatever it holds.
      return `<img alt="${alt}" src="data:image/svg+xml;charset=utf-8,${encodeURIComponent(textOf(value))}">`;
    case "image/png":
    case "image/jpeg":
      return `<img alt="${alt}" src="data:${mime};base64,${textOf(value).replace(/[^A-Za-z0-9+/=]/g, "")}">`;
    case "text/markdown":
      return `<div class="markdown">${markdownToHtml(textOf(value))}</div>`;
    case "application/json":
      return pre(JSON.stringify(value, null, 2), "text");
    default:
      return pre(textOf(value), "text");
  }
}

/** One output as HTML; charts are added to `charts` for the renderer. */
export function outputHtml(output: CellOutput, charts: Chart[]) {
  switch (output.output_type) {
    case "stream":
      return pre(output.text, output.name);
    case "error":
      return pre(stripAnsi(output.traceback.join("\n")) || `${output.ename}: ${output.evalue}`, "stderr");
    default:
      return bundleHtml(output.data, output.metadata, charts);
  }
}
