import type { RawMessageStreamEvent } from "@anthropic-ai/sdk/resources/messages/messages";
import { describe, expect, it } from "vitest";
import type { ChatRequest } from "#common/chat-schema.ts";
import { ChunkAccumulator } from "#common/chunk-accumulator.ts";
import { AnthropicStreamTranslator, toAnthropicMessages, toAnthropicRequest } from "./anthropic-translate.ts";

describe("toAnthropicRequest", () => {
  const request: ChatRequest = {
    model: "claude",
    messages: [
      { role: "system", content: "Be brief." },
      { role: "developer", content: [{ type: "text", text: "Use Python." }] },
      { role: "user", content: "Plot it" },
      {
        role: "assistant",
        content: "Running code.",
        tool_calls: [
          { id: "toolu_1", type: "function", function: { name: "python_run", arguments: '{"code":"1+1"}' } },
        ],
      },
      { role: "tool", tool_call_id: "toolu_1", content: "2" },
      { role: "user", content: "Thanks" },
    ],
    tools: [
      {
        type: "function",
        function: {
          name: "python_run",
          description: "Run",
          parameters: { properties: { code: { type: "string" } }, required: ["code"] },
        },
      },
    ],
    tool_choice: "required",
    parallel_tool_calls: false,
    stop: "END",
  };

  it("moves system and developer text to `system` and keeps turns alternating", () => {
    const out = toAnthropicRequest(request, "claude-haiku-5-5", 500);
    expect(out.system).toBe("Be brief.\n\nUse Python.");
    expect(out.model).toBe("claude-haiku-5-5");
    expect(out.max_tokens).toBe(500);
    expect(out.stop_sequences).toEqual(["END"]);
    expect(out.messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(out.messages[1]?.content).toEqual([
      { type: "text", text: "Running code." },
      { type: "tool_use", id: "toolu_1", name: "python_run", input: { code: "1+1" } },
    ]);
    // The tool result and the next user text share one user turn.
    expect(out.messages[2]?.content).toEqual([
      { type: "tool_result", tool_use_id: "toolu_1", content: "2" },
      { type: "text", text: "Thanks" },
    ]);
  });

  it("continues a session begun on OpenAI: its tool calls and results keep matching ids", () => {
    const messages = toAnthropicMessages([
      { role: "user", content: "Count" },
      {
        role: "assistant",
        content: "",
        tool_calls: [
          { id: "call_Ab9", type: "function", function: { name: "python_run", arguments: '{"code":"1"}' } },
          { id: "call.odd/id", type: "function", function: { name: "python_run", arguments: "not json" } },
        ],
      },
      { role: "tool", tool_call_id: "call_Ab9", content: "1" },
      { role: "tool", tool_call_id: "call.odd/id", content: "Not run." },
    ]);
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "user"]);
    expect(messages[1]?.content).toEqual([
      { type: "tool_use", id: "call_Ab9", name: "python_run", input: { code: "1" } },
      { type: "tool_use", id: "call_odd_id", name: "python_run", input: { arguments: "not json" } },
    ]);
    expect(messages[2]?.content).toEqual([
      { type: "tool_result", tool_use_id: "call_Ab9", content: "1" },
      { type: "tool_result", tool_use_id: "call_odd_id", content: "Not run." },
    ]);
  });

  it("maps tools and tool choice", () => {
    const out = toAnthropicRequest(request, "m", 10);
    expect(out.tools).toEqual([
      {
        name: "python_run",
        description: "Run",
        input_schema: { type: "object", properties: { code: { type: "string" } }, required: ["code"] },
      },
    ]);
    expect(out.tool_choice).toEqual({ type: "any", disable_parallel_tool_use: true });
    expect(toAnthropicRequest({ ...request, tool_choice: "none" }, "m", 10).tool_choice).toEqual({
      type: "none",
    });
    expect(
      toAnthropicRequest(
        {
          ...request,
          tool_choice: { type: "function", function: { name: "x" } },
          parallel_tool_calls: undefined,
        },
        "m",
        10,
      ).tool_choice,
    ).toEqual({ type: "tool", name: "x", disable_parallel_tool_use: undefined });
  });

  it("turns data-URL images into base64 blocks and others into URL blocks", () => {
    const [message] = toAnthropicMessages([
      {
        role: "user",
        content: [
          { type: "text", text: "what is this" },
          { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } },
          { type: "image_url", image_url: { url: "https://example.com/a.jpg" } },
        ],
      },
    ]);
    expect(message?.content).toEqual([
      { type: "text", text: "what is this" },
      { type: "image", source: { type: "base64", media_type: "image/png", data: "AAAA" } },
      { type: "image", source: { type: "url", url: "https://example.com/a.jpg" } },
    ]);
  });
});

describe("AnthropicStreamTranslator", () => {
  const events = [
    {
      type: "message_start",
      message: {
        id: "msg_1",
        usage: {
          input_tokens: 12,
          output_tokens: 1,
          cache_creation_input_tokens: null,
          cache_read_input_tokens: 3,
        },
      },
    },
    { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
    { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Sure" } },
    { type: "content_block_stop", index: 0 },
    {
      type: "content_block_start",
      index: 1,
      content_block: { type: "tool_use", id: "toolu_9", name: "python_run", input: {} },
    },
    { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '{"code":' } },
    { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '"1+1"}' } },
    { type: "content_block_stop", index: 1 },
    {
      type: "message_delta",
      delta: { stop_reason: "tool_use" },
      usage: { output_tokens: 17, input_tokens: null },
    },
    { type: "message_stop" },
  ] as unknown as RawMessageStreamEvent[];

  it("yields OpenAI chunks: text, tool calls indexed from 0, finish reason, then usage", () => {
    const translator = new AnthropicStreamTranslator("claude-haiku-5-5");
    const chunks = events.flatMap((event) => translator.push(event));
    const acc = new ChunkAccumulator();
    for (const chunk of chunks) acc.push(chunk);

    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: "assistant", content: "" });
    expect(chunks.every((c) => c.id === "chatcmpl-msg_1" && c.model === "claude-haiku-5-5")).toBe(true);
    expect(acc.content).toBe("Sure");
    expect(acc.toolCalls).toEqual([{ id: "toolu_9", name: "python_run", arguments: '{"code":"1+1"}' }]);
    expect(acc.finishReason).toBe("tool_calls");
    expect(acc.usage).toEqual({ prompt_tokens: 15, completion_tokens: 17, total_tokens: 32 });
    expect(chunks.at(-1)?.choices).toEqual([]);
  });

  it("maps stop reasons", () => {
    for (const [stop, finish] of [
      ["end_turn", "stop"],
      ["max_tokens", "length"],
      ["refusal", "content_filter"],
    ]) {
      const translator = new AnthropicStreamTranslator("m");
      const chunks = [
        events[0],
        { type: "message_delta", delta: { stop_reason: stop }, usage: { output_tokens: 1 } },
        { type: "message_stop" },
      ].flatMap((e) => translator.push(e as RawMessageStreamEvent));
      expect(chunks.find((c) => c.choices[0]?.finish_reason)?.choices[0]?.finish_reason).toBe(finish);
    }
  });
});
