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
  role: "user" | "assistant" | "tool";
  content: string | null;
  tool_call_id: string | null;
  seq: number;
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
  /** Why the user skipped the cell, when they said. */
  skip_reason: string | null;
  created_at: Date;
  completed_at: Date | null;
};

export const isResolved = (cell: Pick<ToolCallRow, "status">) =>
  cell.status === "completed" || cell.status === "skipped" || cell.status === "error";
