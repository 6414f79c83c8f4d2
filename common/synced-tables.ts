/** The synced tables, and their rows as the browser receives them (snake_case, like Postgres). */
import type { CellOutput } from "./nbformat-outputs.ts";

/** The tables the browser syncs (their columns: server/sync/shapes.ts). */
export type SyncedTable =
  | "quota_buckets"
  | "agent_sessions"
  | "agent_messages"
  | "agent_tool_calls"
  | "usage_log";

/** A bucket of `quota_buckets`: the live quota meter reads these. */
export type QuotaRow = {
  tier: string;
  limit_tokens: number;
  used_tokens: number;
  window_start: Date;
  period: string;
};

export type SessionRow = {
  id: string;
  title: string;
  model: string | null;
  created_at: Date;
  updated_at: Date;
};

export type MessageRow = {
  id: string;
  session_id: string;
  /** `system`: a summary standing for older turns (a long session, compacted for the model). */
  role: "user" | "assistant" | "tool" | "system";
  content: string | null;
  tool_call_id: string | null;
  seq: number;
  /** The request that wrote an assistant message (its cost is on that usage row). */
  usage_log_id?: string | null;
  created_at: Date;
};

type CellStatus = "pending" | "running" | "completed" | "skipped" | "error";

export type ToolCallRow = {
  id: string;
  session_id: string;
  message_id: string;
  call_id: string;
  name: string;
  proposed_code: string;
  executed_code: string | null;
  status: CellStatus;
  stdout: string | null;
  stderr: string | null;
  /** nbformat output objects, in order; null until the cell ran. */
  outputs: CellOutput[] | null;
  /** The outputs as the model is told them, when columns were private (values masked). */
  model_outputs?: CellOutput[] | null;
  /** Why the user skipped the cell, when they said. */
  skip_reason: string | null;
  created_at: Date;
  completed_at: Date | null;
};

/** A request through the gateway, as `usage_log` syncs it. */
export type UsageRow = {
  id: string;
  session_id: string | null;
  model: string;
  status: "open" | "settled" | "failed" | "aborted";
  reserved: number;
  charged: number;
  prompt_tokens: number;
  completion_tokens: number;
  /** UTF-8 bytes of the tool results the request carried (server/inference/tool-result-bytes.ts). */
  tool_result_bytes: number;
  created_at: Date;
};

export const isResolved = (cell: Pick<ToolCallRow, "status">) =>
  cell.status === "completed" || cell.status === "skipped" || cell.status === "error";
