/** Rows of the synced agent tables, as the browser receives them (snake_case, like Postgres). */
import type { CellOutput } from "../_python/outputs.ts";

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

export type CellStatus = "pending" | "running" | "completed" | "skipped" | "error";

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
