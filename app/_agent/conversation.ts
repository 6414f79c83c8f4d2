/**
 * What the model is sent: the system prompt, the `python_run` tool, and the conversation rebuilt
 * from the synced rows (so a reload, another tab or another device continues the same history).
 */
import type { ChatCompletionTool } from "openai/resources/chat/completions";
import type { ChatMessage } from "#common/chat-schema.ts";
import { isResolved, type MessageRow, type ToolCallRow } from "#common/synced-tables.ts";
import { formatSize } from "../_lib/format-size.ts";
import { MASK } from "../_python/masking.ts";
import type { DataFile } from "../_python/protocol.ts";
import { DEFAULT_MAX_FIXES } from "./auto-fix.ts";
import { toolResultText } from "./tool-result.ts";

const PYTHON_TOOL = "python_run";

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

/** Columns listed per file at most: a wide table would otherwise crowd out the conversation. */
const MAX_LISTED_COLUMNS = 60;

/** A file as the prompt lists it, with the columns the user marked private. */
type PromptFile = DataFile & { privateColumns?: string[] };

/** `- /data/x.csv (12 kB) columns: date (date), temp_max (number)`: the offline demo reads it back. */
function fileLine(file: PromptFile) {
  const columns = file.columns ?? [];
  const isPrivate = new Set(file.privateColumns ?? []);
  const listed = columns.slice(0, MAX_LISTED_COLUMNS).map((column) => {
    const notes = [column.type, isPrivate.has(column.name) ? "private" : ""].filter(Boolean);
    return notes.length ? `${column.name} (${notes.join(", ")})` : column.name;
  });
  if (columns.length > MAX_LISTED_COLUMNS) listed.push(`… (${columns.length - MAX_LISTED_COLUMNS} more)`);
  return `- ${file.path} (${formatSize(file.sizeBytes)})${listed.length ? ` columns: ${listed.join(", ")}` : ""}`;
}

function fixRule(maxFixes: number) {
  const start = "When a cell fails, you get its traceback.";
  if (maxFixes <= 0) {
    return `${start} Automatic fixes are off: do not propose a corrected cell; explain the error and stop.`;
  }
  const fixes = maxFixes === 1 ? "1 fix" : `${maxFixes} fixes`;
  return (
    `${start} You may propose a corrected cell (the user sees it as "Fix 1 of ${maxFixes}"), ` +
    `at most ${fixes} in a row: when the last one fails too, stop, explain what went wrong and ` +
    "what the user could try, and propose no more code. The user may edit a cell before running it " +
    "(you get the diff) or skip it (with their reason, when they give one): build on what actually " +
    "ran, and do not propose a skipped cell again unasked."
  );
}

/**
 * The model's instructions: how cells show results (Jupyter's display conventions), charts as
 * Vega-Lite specs, the auto-fix rule, and the files under /data with their columns and types.
 */
export function systemPrompt(files: PromptFile[], { maxFixes = DEFAULT_MAX_FIXES } = {}) {
  const listing = files.length
    ? ["Files under /data (column types read from the first rows):", ...files.map(fileLine)].join("\n")
    : "No files are mounted under /data yet.";
  const privacy = files.some((file) => file.privateColumns?.length)
    ? "Columns marked private belong to the user's private data: their values are masked as " +
      `"${MASK}" in everything you are told (output, tables, chart data, errors), while the user sees ` +
      "the real values in their cells. Work with them in code as usual (group, count, join), but do not " +
      "try to reveal them, and do not quote or guess masked values in your answer."
    : null;
  return [
    "You are Ada, a data analysis assistant. You work by proposing Python that runs in the user's " +
      `browser (Pyodide) through the ${PYTHON_TOOL} tool; the user approves, edits or skips each call, ` +
      "and you see what actually ran and its output. Variables persist from cell to cell.",
    [
      "How results are shown (Jupyter's conventions):",
      '- A cell\'s last expression is displayed, unless its line ends with ";". `display(*objs, raw=False)` ' +
        "is IPython's and needs no import; `display(bundle, raw=True)` shows a dict of MIME type to data " +
        'as it is, e.g. `display({"text/markdown": "**Total:** 42"}, raw=True)`.',
      "- Tables: leave a pandas DataFrame or Series as the last expression (or display it) and the user " +
        "gets a paged, sortable table; do not print DataFrames or turn them into HTML. Without pandas, " +
        'display an `application/vnd.dataresource+json` bundle (`{"schema": {"fields": [...]}, "data": [...]}`).',
      "- Charts: prefer Vega-Lite, as an Altair chart left as the last expression or an " +
        "`application/vnd.vegalite.v5+json` bundle with the data inline (aggregate first; a few thousand " +
        "rows at most). They are interactive: add tooltips. When the user asks to change a chart " +
        '("make it a bar chart", "use a log scale"), edit the spec you already have instead of running ' +
        "the analysis again. Use matplotlib only for what Vega-Lite cannot draw; open figures are shown as PNG.",
      "- You see stdout, the traceback of an error and a short description of each display (a table's " +
        "first rows, a chart's spec without its data), not the pictures: print the numbers you want to " +
        "talk about, and quote them in your answer.",
      "- Packages load when imported (pandas, numpy, altair, matplotlib…). If one is unavailable, fall " +
        "back to the standard library (csv, json, statistics, sqlite3).",
    ].join("\n"),
    fixRule(maxFixes),
    "Work in small steps, look at the data before drawing conclusions, and explain results briefly in Markdown.",
    listing,
    ...(privacy ? [privacy] : []),
  ].join("\n\n");
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
