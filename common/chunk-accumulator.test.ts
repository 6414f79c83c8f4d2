import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { describe, expect, it } from "vitest";
import { ChunkAccumulator } from "./chunk-accumulator.ts";

const chunk = (delta: ChatCompletionChunk.Choice["delta"], extra: Partial<ChatCompletionChunk> = {}) =>
  ({
    id: "c1",
    object: "chat.completion.chunk",
    created: 1,
    model: "m",
    choices: [{ index: 0, delta, finish_reason: null }],
    ...extra,
  }) as ChatCompletionChunk;

describe("ChunkAccumulator", () => {
  it("joins text and assembles interleaved tool-call deltas by index", () => {
    const acc = new ChunkAccumulator();
    acc.push(chunk({ role: "assistant", content: "Let me " }));
    acc.push(chunk({ content: "check." }));
    acc.push(
      chunk({
        tool_calls: [
          { index: 1, id: "call_b", type: "function", function: { name: "python_run", arguments: "" } },
        ],
      }),
    );
    acc.push(
      chunk({
        tool_calls: [
          { index: 0, id: "call_a", type: "function", function: { name: "python_run", arguments: '{"co' } },
        ],
      }),
    );
    acc.push(chunk({ tool_calls: [{ index: 1, function: { arguments: '{"code":"2"}' } }] }));
    acc.push(chunk({ tool_calls: [{ index: 0, function: { arguments: 'de":"1"}' } }] }));
    acc.push({ ...chunk({}), choices: [{ index: 0, delta: {}, finish_reason: "tool_calls" }] });
    acc.push({
      ...chunk({}),
      choices: [],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
    });

    expect(acc.content).toBe("Let me check.");
    expect(acc.toolCalls).toEqual([
      { id: "call_a", name: "python_run", arguments: '{"code":"1"}' },
      { id: "call_b", name: "python_run", arguments: '{"code":"2"}' },
    ]);
    expect(acc.finishReason).toBe("tool_calls");
    expect(acc.usage).toEqual({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 });
    expect(acc.generatedText).toContain('{"code":"1"}');
  });

  it("separates calls that a server sends all at index 0, and arguments split mid-JSON", () => {
    const acc = new ChunkAccumulator();
    const call = (id: string | undefined, name: string | undefined, args: string) =>
      chunk({
        tool_calls: [
          { index: 0, ...(id ? { id, type: "function" as const } : {}), function: { name, arguments: args } },
        ],
      });
    acc.push(call("call_1", "python_run", '{"co'));
    acc.push(call(undefined, undefined, 'de": "1'));
    acc.push(call(undefined, undefined, '+1"}'));
    acc.push(call("call_2", "python_run", '{"code": "2"}'));
    expect(acc.toolCalls).toEqual([
      { id: "call_1", name: "python_run", arguments: '{"code": "1+1"}' },
      { id: "call_2", name: "python_run", arguments: '{"code": "2"}' },
    ]);
  });
});
