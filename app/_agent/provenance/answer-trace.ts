/**
 * Binds the matcher to one answer of a session: its sources are the outputs of the cells that ran
 * in that turn and the turns before it, its context the user's messages so far and the files.
 */
import type { MessageRow, ToolCallRow } from "#common/synced-tables.ts";
import { type Provenance, traceNumbers } from "./provenance.ts";
import { type SourceValue, sourceValues } from "./sources.ts";

/**
 * Each cell's values, read once per version of its outputs: the transcript re-binds its tracers on
 * every synced change, and a large table holds tens of thousands of values.
 */
const valuesOfOutputs = new WeakMap<object, SourceValue[]>();
function valuesOf(cell: ToolCallRow) {
  if (!cell.outputs) return [];
  let values = valuesOfOutputs.get(cell.outputs);
  if (!values) {
    values = sourceValues([{ id: cell.id, outputs: cell.outputs }]);
    valuesOfOutputs.set(cell.outputs, values);
  }
  return values;
}

/** The file list and column names, as the user gave them (numbers in them are not flagged). */
export type ContextFile = { path: string; columns: { name: string }[] | null };

function contextOf(files: readonly ContextFile[]) {
  return files
    .map((file) => `${file.path} ${(file.columns ?? []).map((column) => column.name).join(" | ")}`)
    .join("\n");
}

/** For each assistant message id: a function tracing the numbers of a piece of its text. */
export function answerTracers(
  messages: readonly MessageRow[],
  cells: readonly ToolCallRow[],
  files: readonly ContextFile[],
) {
  const seqOf = new Map(messages.map((message) => [message.id, message.seq]));
  const ordered = [...cells]
    .filter((cell) => seqOf.has(cell.message_id))
    .sort(
      (a, b) =>
        (seqOf.get(a.message_id) ?? 0) - (seqOf.get(b.message_id) ?? 0) ||
        a.created_at.getTime() - b.created_at.getTime(),
    );
  const fileContext = contextOf(files);
  const tracers = new Map<string, (text: string) => Provenance[]>();
  for (const message of messages) {
    if (message.role !== "assistant" || !message.content) continue;
    const ran = ordered.filter((cell) => (seqOf.get(cell.message_id) ?? 0) <= message.seq);
    let sources: SourceValue[] | undefined;
    const asked = messages
      .filter((m) => m.role === "user" && m.seq <= message.seq)
      .map((m) => m.content ?? "")
      .join("\n");
    const context = `${asked}\n${fileContext}`;
    // Sources are gathered on the first trace (an answer with no numbers never needs them), the
    // latest cell's first, as sourceValues orders them.
    tracers.set(message.id, (text) => {
      sources ??= ran.toReversed().flatMap(valuesOf);
      return traceNumbers(text, sources, context);
    });
  }
  return tracers;
}
