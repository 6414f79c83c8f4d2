/**
 * What the model is sent: the system prompt, the `python_run` tool, and the conversation rebuilt
 * from the synced rows (so a reload, another tab or another device continues the same history).
 */
import type { ChatCompletionMessageParam, ChatCompletionTool } from "openai/resources/chat/completions";
import type { DataFile } from "../_python/protocol.ts";
import { isResolved, type MessageRow, type ToolCallRow } from "./rows.ts";

export type ChatMessage = ChatCompletionMessageParam;

export const PYTHON_TOOL = "python_run";

export const pythonTool: ChatCompletionTool = {
  type: "function",
  function: {
    name: PYTHON_TOOL,
    description:
      "Run Python 3 in the user's browser (Pyodide). The user approves, edits or skips each call. " +
      "State persists between calls. Returns stdout, stderr, the last expression's value, and notes " +
      "about figures and tables shown to the user.",
    parameters: {
      type: "object",
      properties: { code: { type: "string", description: "Python source to run." } },
      required: ["code"],
      additionalProperties: false,
    },
  },
};

export function formatSize(bytes: number) {
  if (bytes < 1000) return `${bytes} B`;
  const units = ["kB", "MB", "GB"];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** The file list is written in a fixed format: the offline demo model reads it. */
export function systemPrompt(files: DataFile[]) {
  const listing = files.length
    ? [
        "Files under /data:",
        ...files.map(
          (file) =>
            `- ${file.path} (${formatSize(file.sizeBytes)})${file.columns?.length ? ` columns: ${file.columns.join(", ")}` : ""}`,
        ),
      ].join("\n")
    : "No files are mounted under /data yet.";
  return [
    "You are Ada, a data analysis assistant. You work by proposing Python that runs in the user's " +
      `browser through the ${PYTHON_TOOL} tool; the user approves, edits or skips each call, and you ` +
      "see what actually ran and its output.",
    "Guidelines: work in small steps and look at the data before drawing conclusions; prefer pandas " +
      "for tables and matplotlib for charts (figures are shown to the user automatically); leave a " +
      "DataFrame as the last expression to show it as a table; explain results briefly in Markdown. " +
      "If a package is unavailable, fall back to the standard library (csv, statistics, json, sqlite3).",
    listing,
  ].join("\n\n");
}

const OUTPUT_LIMIT = 6000;

function clip(text: string, limit = OUTPUT_LIMIT) {
  if (text.length <= limit) return text;
  const omitted = text.length - limit;
  return `${text.slice(0, limit / 2)}\n… (${omitted} characters omitted) …\n${text.slice(-limit / 2)}`;
}

/** What the model is told about a resolved cell: what ran (when the user changed it) and what came out. */
export function toolResultText(cell: ToolCallRow) {
  if (cell.status === "skipped") return "Skipped by the user: the code was not run.";
  const parts: string[] = [];
  if (cell.executed_code != null && cell.executed_code !== cell.proposed_code) {
    parts.push(
      `The user edited the code before running it. Executed code:\n\`\`\`python\n${cell.executed_code}\n\`\`\``,
    );
  }
  parts.push(cell.status === "error" ? "The code raised an error." : "The code ran successfully.");
  if (cell.stdout) parts.push(`stdout:\n${clip(cell.stdout)}`);
  if (cell.stderr) parts.push(`stderr:\n${clip(cell.stderr)}`);
  const outputs = cell.outputs;
  if (outputs?.value) parts.push(`Value of the last expression:\n${clip(outputs.value, 2000)}`);
  if (outputs?.tables.length) parts.push(`${outputs.tables.length} table(s) shown to the user.`);
  if (outputs?.figures.length) parts.push(`${outputs.figures.length} figure(s) shown to the user.`);
  if (
    !cell.stdout &&
    !cell.stderr &&
    !outputs?.value &&
    !outputs?.tables.length &&
    !outputs?.figures.length
  ) {
    parts.push("(no output)");
  }
  return parts.join("\n\n");
}

const toolCallArguments = (cell: ToolCallRow) =>
  cell.name === PYTHON_TOOL ? JSON.stringify({ code: cell.proposed_code }) : cell.proposed_code;

/**
 * The session's conversation in OpenAI's shape. Every tool call is answered: by its stored tool
 * message, else by its resolved cell (the model has not been told yet), else — for a cell never
 * run — as skipped, since the conversation moved on without it.
 */
export function buildConversation(messages: MessageRow[], cells: ToolCallRow[]): ChatMessage[] {
  const ordered = [...messages].sort((a, b) => a.seq - b.seq);
  const answered = new Set(
    ordered.flatMap((m) => (m.role === "tool" && m.tool_call_id ? [m.tool_call_id] : [])),
  );
  const conversation: ChatMessage[] = [];
  for (const message of ordered) {
    if (message.role === "user") conversation.push({ role: "user", content: message.content ?? "" });
    else if (message.role === "tool") {
      conversation.push({
        role: "tool",
        tool_call_id: message.tool_call_id ?? "",
        content: message.content ?? "",
      });
    } else if (message.role === "assistant") {
      const calls = cells
        .filter((cell) => cell.message_id === message.id)
        .sort(
          (a, b) => a.created_at.getTime() - b.created_at.getTime() || a.call_id.localeCompare(b.call_id),
        );
      conversation.push({
        role: "assistant",
        content: message.content ?? "",
        ...(calls.length && {
          tool_calls: calls.map((cell) => ({
            id: cell.call_id,
            type: "function" as const,
            function: { name: cell.name, arguments: toolCallArguments(cell) },
          })),
        }),
      });
      for (const cell of calls) {
        if (answered.has(cell.call_id)) continue;
        conversation.push({
          role: "tool",
          tool_call_id: cell.call_id,
          content: isResolved(cell) ? toolResultText(cell) : "Not run: the conversation moved on without it.",
        });
      }
    }
  }
  return moveToolResultsUp(conversation);
}

/** Tool messages must directly follow the assistant message that called them. */
function moveToolResultsUp(conversation: ChatMessage[]) {
  const results = new Map<string, ChatMessage>();
  for (const message of conversation) if (message.role === "tool") results.set(message.tool_call_id, message);
  const ordered: ChatMessage[] = [];
  for (const message of conversation) {
    if (message.role === "tool") continue;
    ordered.push(message);
    if (message.role === "assistant") {
      for (const call of message.tool_calls ?? []) {
        const result = results.get(call.id);
        if (result) ordered.push(result);
      }
    }
  }
  return ordered;
}

export type AgentRows = { messages: MessageRow[]; cells: ToolCallRow[] };

/** One session's rows out of the account's, messages in order. */
export function sessionRows(rows: AgentRows, sessionId: string | null): AgentRows {
  return {
    messages: rows.messages.filter((m) => m.session_id === sessionId).sort((a, b) => a.seq - b.seq),
    cells: rows.cells.filter((c) => c.session_id === sessionId),
  };
}

/** The session's last turn is waiting on cells (or is ready to be reported to the model). */
export function lastTurnCells(messages: MessageRow[], cells: ToolCallRow[]) {
  const last = [...messages].sort((a, b) => b.seq - a.seq)[0];
  if (last?.role !== "assistant") return [];
  return cells.filter((cell) => cell.message_id === last.id);
}
