/**
 * What the browser may sync: the tables (by the URL segment, never a raw name from the request)
 * and, per table, the columns it may see. Every shape is pinned to `account_id = <caller>`.
 */
import "server-only";
import type { SyncedTable } from "#common/synced-tables.ts";

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
} as const satisfies Record<SyncedTable, readonly string[]>;

export function isSyncedTable(name: string): name is SyncedTable {
  return Object.hasOwn(syncedShapes, name);
}

/** The shape's row filter, as the proxy sends it to Electric; `$1` is the caller's account. */
export const ACCOUNT_WHERE = `"account_id" = $1`;
