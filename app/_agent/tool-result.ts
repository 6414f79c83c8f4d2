/**
 * What the model is told about a resolved cell: what ran (a diff when the user edited it), why it
 * was skipped, and what came out — text as text, and every rich output as a short description the
 * model can act on (a table's size and first rows, a chart's spec without its data).
 */
import { createTwoFilesPatch } from "diff";
import { type CellOutput, type MimeBundle, preferredMime, textOf } from "#common/nbformat-outputs.ts";
import type { ToolCallRow } from "#common/synced-tables.ts";
import { streamsOf } from "../_python/protocol.ts";

const STREAM_LIMIT = 6000;
const OUTPUT_LIMIT = 2000;

export function clip(text: string, limit = STREAM_LIMIT) {
  if (text.length <= limit) return text;
  const omitted = text.length - limit;
  return `${text.slice(0, limit / 2)}\n… (${omitted} characters omitted) …\n${text.slice(-limit / 2)}`;
}

/** The user's change to the proposed code, as a unified diff. */
export function codeDiff(proposed: string, executed: string) {
  const patch = createTwoFilesPatch("proposed", "executed", proposed, executed, undefined, undefined, {
    context: 2,
  });
  // The first line is a row of "=" that tells the model nothing.
  return patch.split("\n").slice(1).join("\n").trimEnd();
}

export function toolResultText(cell: ToolCallRow) {
  if (cell.status === "skipped") {
    const reason = cell.skip_reason ? ` Their reason: ${cell.skip_reason}` : "";
    return `Skipped by the user: the code was not run.${reason}`;
  }
  const parts: string[] = [];
  if (cell.executed_code != null && cell.executed_code !== cell.proposed_code) {
    parts.push(
      `The user edited the code before running it:\n\`\`\`diff\n${codeDiff(cell.proposed_code, cell.executed_code)}\n\`\`\``,
    );
  }
  parts.push(cell.status === "error" ? "The code raised an error." : "The code ran successfully.");
  // With private columns the model is told the masked copy; the stdout and stderr columns hold
  // the real text, so the streams come from the copy too.
  const masked = cell.model_outputs ?? null;
  const outputs = masked ?? cell.outputs ?? [];
  // The stored columns hold the streams (and the traceback) in full, rows converted from older
  // formats included.
  const { stdout, stderr } =
    masked || outputs.length ? streamsOf(outputs) : { stdout: cell.stdout ?? "", stderr: cell.stderr ?? "" };
  if (stdout) parts.push(`stdout:\n${clip(stdout)}`);
  if (stderr) parts.push(`stderr:\n${clip(stderr)}`);
  const shown = outputs.flatMap((output) =>
    output.output_type === "display_data" || output.output_type === "execute_result"
      ? [describeOutput(output)]
      : [],
  );
  if (shown.length) parts.push(`Shown to the user:\n${shown.map((text) => `- ${text}`).join("\n")}`);
  if (!stdout && !stderr && !shown.length) parts.push("(no output)");
  return parts.join("\n\n");
}

type Rich = Extract<CellOutput, { data: MimeBundle }>;

/** One display or value, in words and a little text. */
function describeOutput(output: Rich) {
  const { data, metadata } = output;
  const kind = output.output_type === "execute_result" ? "Value" : "Display";
  const mime = preferredMime(data);
  const plain = data["text/plain"] === undefined ? "" : `\n${clip(textOf(data["text/plain"]), OUTPUT_LIMIT)}`;
  if (!mime) return `${kind}: (nothing that can be shown)`;
  if (mime.includes("vegalite") || mime.includes("vega.")) {
    return `${kind}: a ${mime.includes("vegalite") ? "Vega-Lite" : "Vega"} chart. Its spec, data left out:\n${clip(JSON.stringify(withoutData(data[mime])), OUTPUT_LIMIT)}`;
  }
  if (mime === "application/vnd.dataresource+json") {
    return `${kind}: a table, ${tableSize(data[mime], metadata[mime])}.${plain || `\n${clip(JSON.stringify(firstRows(data[mime])), OUTPUT_LIMIT)}`}`;
  }
  if (mime === "image/png" || mime === "image/jpeg" || mime === "image/svg+xml") {
    return `${kind}: an image (${mime}).${plain}`;
  }
  if (mime === "text/html") return `${kind}: HTML.${plain || `\n${clip(textOf(data[mime]), OUTPUT_LIMIT)}`}`;
  if (mime === "application/json") return `${kind}: JSON\n${clip(JSON.stringify(data[mime]), OUTPUT_LIMIT)}`;
  return `${kind}:\n${clip(textOf(data[mime]), OUTPUT_LIMIT)}`;
}

type Resource = { schema?: { fields?: unknown[] }; data?: unknown[] };
type TableMetadata = { rows?: number; columns?: number } | undefined;

function tableSize(value: unknown, metadata: unknown) {
  const table = value as Resource;
  const known = metadata as TableMetadata;
  const rows = known?.rows ?? table.data?.length ?? 0;
  const columns = known?.columns ?? table.schema?.fields?.length ?? 0;
  return `${rows.toLocaleString("en")} rows × ${columns.toLocaleString("en")} columns`;
}

const firstRows = (value: unknown) => (value as Resource).data?.slice(0, 10) ?? [];

/** A chart spec with inline data replaced by its row count, nested views included. */
function withoutData(spec: unknown): unknown {
  if (Array.isArray(spec)) return spec.map(withoutData);
  if (!spec || typeof spec !== "object") return spec;
  return Object.fromEntries(
    Object.entries(spec).map(([key, value]) => {
      if (key === "values" && Array.isArray(value)) return [key, `(${value.length} rows)`];
      if (key === "datasets" && value && typeof value === "object") {
        return [
          key,
          Object.fromEntries(
            Object.entries(value).map(([name, rows]) => [
              name,
              Array.isArray(rows) ? `(${rows.length} rows)` : rows,
            ]),
          ),
        ];
      }
      return [key, withoutData(value)];
    }),
  );
}
