/**
 * The session's ledger of what left the browser: per model request, the dataset-derived text it
 * carried — the tool results (stdout, tables, chart specs, errors, private columns masked) — with
 * sizes. Each request's size is the gateway's own count (`usage_log.tool_result_bytes`), so the
 * ledger's total is the sum there; the items are the stored tool messages it resent.
 */
import type { MessageRow, UsageRow } from "#common/synced-tables.ts";

type LedgerItem = { toolCallId: string; text: string; bytes: number };
type LedgerEntry = { request: UsageRow; items: LedgerItem[]; bytes: number };
export type Ledger = { entries: LedgerEntry[]; totalBytes: number };

const encoder = new TextEncoder();
export const utf8Bytes = (text: string) => encoder.encode(text).length;

/**
 * A request's tool results are the tool messages stored before its answer (the browser resends
 * the whole conversation). A request with no stored answer (failed, cut, still streaming) carried
 * those stored before the first answer written after it started.
 */
export function buildLedger(usage: readonly UsageRow[], messages: readonly MessageRow[]): Ledger {
  const ordered = [...messages].sort((a, b) => a.seq - b.seq);
  const tools = ordered.filter((message) => message.role === "tool");
  const answers = ordered.filter((message) => message.role === "assistant");
  const answerOf = new Map(answers.flatMap((m) => (m.usage_log_id ? [[m.usage_log_id, m]] : [])));
  const requests = [...usage].sort((a, b) => a.created_at.getTime() - b.created_at.getTime());
  const entries = requests.map((request) => {
    const answer =
      answerOf.get(request.id) ?? answers.find((m) => m.created_at.getTime() >= request.created_at.getTime());
    const sent = answer ? tools.filter((tool) => tool.seq < answer.seq) : tools;
    const items = sent.map((tool) => ({
      toolCallId: tool.tool_call_id ?? "",
      text: tool.content ?? "",
      bytes: utf8Bytes(tool.content ?? ""),
    }));
    return { request, items, bytes: request.tool_result_bytes };
  });
  return { entries, totalBytes: entries.reduce((sum, entry) => sum + entry.bytes, 0) };
}
