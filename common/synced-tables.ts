/**
 * What the browser may sync: the tables (by the URL segment, never a raw name from the request),
 * per table the columns it may see, and the rows as the browser receives them (snake_case, like
 * Postgres). Every shape is pinned to `account_id = <caller>`.
 */
import type { CellOutput } from "./nbformat-outputs.ts";

export const syncedShapes = {
  quota_buckets: [
    "id",
    "account_id",
    "tier",
    "limit_tokens",
    "used_tokens",
    "window_start",
    "period",
    "updated_at",
  ],
  agent_sessions: ["id", "account_id", "title", "model", "created_at", "updated_at"],
  agent_messages: [
    "id",
    "session_id",
    "account_id",
    "role",
    "content",
    "tool_call_id",
    "seq",
    "usage_log_id",
    "created_at",
  ],
  agent_tool_calls: [
    "id",
    "session_id",
    "message_id",
    "account_id",
    "call_id",
    "name",
    "proposed_code",
    "executed_code",
    "status",
    "stdout",
    "stderr",
    "outputs",
    "model_outputs",
    "skip_reason",
    "created_at",
    "updated_at",
    "completed_at",
  ],
  usage_log: [
    "id",
    "account_id",
    "session_id",
    "provider",
    "model",
    "status",
    "reserved",
    "prompt_tokens",
    "completion_tokens",
    "charged",
    "ttft_ms",
    "latency_ms",
    "error",
    "tool_result_bytes",
    "created_at",
    "settled_at",
  ],
} as const satisfies Record<string, readonly string[]>;

export type SyncedTable = keyof typeof syncedShapes;

export function isSyncedTable(name: string): name is SyncedTable {
  return Object.hasOwn(syncedShapes, name);
}

/** The shape's row filter, as the proxy sends it to Electric; `$1` is the caller's account. */
export const ACCOUNT_WHERE = `"account_id" = $1`;

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
