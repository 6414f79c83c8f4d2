/** Synced agent rows for unit tests of the conversation and tool results (test code). */
import type { MessageRow, ToolCallRow } from "#common/synced-tables.ts";

export const S = "s1";
export const at = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n));
export const message = (
  seq: number,
  role: MessageRow["role"],
  content: string | null,
  toolCallId: string | null = null,
): MessageRow => ({
  id: `m${seq}`,
  session_id: S,
  role,
  content,
  tool_call_id: toolCallId,
  seq,
  created_at: at(seq),
});
export const cell = (callId: string, messageId: string, patch: Partial<ToolCallRow> = {}): ToolCallRow => ({
  id: `id-${callId}`,
  session_id: S,
  message_id: messageId,
  call_id: callId,
  name: "python_run",
  proposed_code: "print(1)",
  executed_code: null,
  status: "pending",
  stdout: null,
  stderr: null,
  outputs: null,
  skip_reason: null,
  created_at: at(0),
  completed_at: null,
  ...patch,
});
