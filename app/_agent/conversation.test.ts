import { describe, expect, it } from "vitest";
import {
  buildConversation,
  lastTurnCells,
  sessionRows,
  systemPrompt,
  toolResultText,
} from "./conversation.ts";
import type { MessageRow, ToolCallRow } from "./rows.ts";

const S = "s1";
const at = (n: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, n));
const message = (
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
const cell = (callId: string, messageId: string, patch: Partial<ToolCallRow> = {}): ToolCallRow => ({
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
  created_at: at(0),
  completed_at: null,
  ...patch,
});

describe("toolResultText", () => {
  it("reports a skip", () => {
    expect(toolResultText(cell("a", "m1", { status: "skipped" }))).toMatch(/^Skipped/);
  });

  it("reports the executed code only when the user changed it, and every kind of output", () => {
    const edited = toolResultText(
      cell("a", "m1", {
        status: "completed",
        executed_code: "print(2)",
        stdout: "2\n",
        outputs: { value: "{'n': 2}", figures: [{ png: "x" }], tables: [{ html: "<table/>" }] },
      }),
    );
    expect(edited).toContain("edited the code");
    expect(edited).toContain("print(2)");
    expect(edited).toContain("stdout:\n2");
    expect(edited).toContain("{'n': 2}");
    expect(edited).toContain("1 table(s)");
    expect(edited).toContain("1 figure(s)");
    const unchanged = toolResultText(
      cell("a", "m1", { status: "completed", executed_code: "print(1)", stdout: "1\n" }),
    );
    expect(unchanged).not.toContain("edited");
  });

  it("reports errors with stderr, and clips huge output in the middle", () => {
    const text = toolResultText(
      cell("a", "m1", {
        status: "error",
        executed_code: "print(1)",
        stdout: "x".repeat(50_000),
        stderr: "Traceback: boom",
      }),
    );
    expect(text).toContain("raised an error");
    expect(text).toContain("Traceback: boom");
    expect(text).toMatch(/characters omitted/);
    expect(text.length).toBeLessThan(10_000);
  });

  it("says when there was no output", () => {
    expect(toolResultText(cell("a", "m1", { status: "completed", executed_code: "x = 1" }))).toContain(
      "(no output)",
    );
  });
});

describe("buildConversation", () => {
  it("rebuilds user, assistant tool calls and stored tool results in order", () => {
    const messages = [
      message(3, "tool", "ran a", "a"),
      message(1, "user", "question"),
      message(2, "assistant", "Let me look."),
      message(4, "assistant", "Done."),
    ];
    const cells = [cell("a", "m2", { status: "completed", executed_code: "print(1)", stdout: "1\n" })];
    expect(buildConversation(messages, cells)).toEqual([
      { role: "user", content: "question" },
      {
        role: "assistant",
        content: "Let me look.",
        tool_calls: [
          { id: "a", type: "function", function: { name: "python_run", arguments: '{"code":"print(1)"}' } },
        ],
      },
      { role: "tool", tool_call_id: "a", content: "ran a" },
      { role: "assistant", content: "Done." },
    ]);
  });

  it("answers resolved cells the model was not told about, and cells never run, right after their call", () => {
    const messages = [message(1, "user", "q"), message(2, "assistant", null), message(3, "user", "next")];
    const cells = [
      cell("b", "m2", { status: "skipped", created_at: at(2) }),
      cell("a", "m2", { status: "completed", executed_code: "print(1)", stdout: "1\n", created_at: at(1) }),
      cell("c", "m2", { status: "pending", created_at: at(3) }),
    ];
    const conversation = buildConversation(messages, cells);
    expect(conversation.map((m) => m.role)).toEqual(["user", "assistant", "tool", "tool", "tool", "user"]);
    expect(conversation.slice(2, 5).map((m) => (m.role === "tool" ? m.tool_call_id : ""))).toEqual([
      "a",
      "b",
      "c",
    ]);
    expect(conversation[3]).toMatchObject({ content: expect.stringMatching(/^Skipped/) });
    expect(conversation[4]).toMatchObject({ content: expect.stringMatching(/^Not run/) });
  });
});

describe("lastTurnCells", () => {
  it("returns the cells of the last message when it is the assistant's", () => {
    const cells = [cell("a", "m2"), cell("z", "m0")];
    expect(
      lastTurnCells([message(1, "user", "q"), message(2, "assistant", "")], cells).map((c) => c.call_id),
    ).toEqual(["a"]);
    expect(lastTurnCells([message(2, "assistant", ""), message(3, "user", "q")], cells)).toEqual([]);
  });
});

describe("systemPrompt", () => {
  it("lists mounted files with sizes and columns in the fixed format", () => {
    const prompt = systemPrompt([
      { path: "/data/iris.csv", sizeBytes: 4600, columns: ["sepal_length", "species"] },
      { path: "/data/cars.json", sizeBytes: 98_000, columns: null },
    ]);
    expect(prompt).toContain(
      "Files under /data:\n- /data/iris.csv (4.6 kB) columns: sepal_length, species\n- /data/cars.json (98 kB)",
    );
    expect(systemPrompt([])).toContain("No files are mounted under /data yet.");
  });
});

describe("sessionRows", () => {
  it("keeps one session's rows, messages in order", () => {
    const other = { ...message(1, "user", "elsewhere"), id: "x", session_id: "s2" };
    const rows = sessionRows(
      {
        messages: [message(2, "assistant", "b"), other, message(1, "user", "a")],
        cells: [cell("a", "m2"), { ...cell("z", "x"), session_id: "s2" }],
      },
      S,
    );
    expect(rows.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(rows.cells.map((c) => c.call_id)).toEqual(["a"]);
  });
});
