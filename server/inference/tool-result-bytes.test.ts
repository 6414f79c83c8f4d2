import { describe, expect, it } from "vitest";
import type { ChatMessage } from "#common/chat-schema.ts";
import { toolResultBytes } from "./tool-result-bytes.ts";

const tool = (content: Extract<ChatMessage, { role: "tool" }>["content"], id = "call_1"): ChatMessage => ({
  role: "tool",
  tool_call_id: id,
  content,
});

describe("toolResultBytes", () => {
  it("is zero without tool messages", () => {
    expect(toolResultBytes({ messages: [{ role: "user", content: "How many rows? 12345" }] })).toBe(0);
  });

  it("adds up the UTF-8 bytes of every tool message, and nothing else", () => {
    const messages: ChatMessage[] = [
      { role: "system", content: "Files under /data: iris.csv" },
      { role: "user", content: "Mean?" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "call_1", type: "function", function: { name: "python_run", arguments: "{}" } }],
      },
      tool("stdout:\n5.84"),
      tool("é €", "call_2"),
    ];
    // "stdout:\n5.84" is 12 bytes; "é" takes 2, the space 1, "€" 3.
    expect(toolResultBytes({ messages })).toBe(12 + 6);
  });

  it("counts text parts of array content", () => {
    const messages = [
      tool([
        { type: "text", text: "ab" },
        { type: "text", text: "ü" },
      ]),
    ];
    expect(toolResultBytes({ messages })).toBe(4);
  });
});
