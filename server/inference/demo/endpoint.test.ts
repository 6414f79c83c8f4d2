import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { describe, expect, it } from "vitest";
import type { ChatRequest } from "#common/chat-schema.ts";
import { ChunkAccumulator } from "#common/chunk-accumulator.ts";
import type { Model } from "../models.ts";
import { demoProvider } from "../providers/demo.ts";
import { demoFetch } from "./endpoint.ts";

const model: Model = {
  id: "ada-demo",
  provider: "demo",
  upstream: "ada-demo",
  contextWindow: 128_000,
  maxOutputTokens: 1_024,
  tokenWeight: 1,
};
const firstTurn: ChatRequest = {
  model: "ada-demo",
  messages: [
    { role: "system", content: "Files under /data:\n- /data/iris.csv (4.6 kB) columns: a, b" },
    { role: "user", content: "Explore my data." },
  ],
};

function post(body: object, signal?: AbortSignal) {
  return demoFetch("http://ada-demo.invalid/v1/chat/completions", {
    method: "POST",
    body: JSON.stringify({ stream: true, ...body }),
    signal,
  });
}

/** The `data:` payloads of an SSE body, `[DONE]` included. */
async function payloads(response: Response) {
  const text = await response.text();
  return text
    .split("\n\n")
    .filter(Boolean)
    .map((frame) => {
      expect(frame.startsWith("data: ")).toBe(true);
      const data = frame.slice("data: ".length);
      return data === "[DONE]" ? data : (JSON.parse(data) as ChatCompletionChunk);
    });
}

describe("the demo endpoint", () => {
  it("streams OpenAI chunks: text, a tool call in several deltas, the finish reason, usage, [DONE]", async () => {
    const response = await post({ ...firstTurn, stream_options: { include_usage: true } });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const events = await payloads(response);
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.slice(0, -1) as ChatCompletionChunk[];
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: "assistant", content: "" });
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);

    const deltas = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta));
    const textDeltas = deltas.filter((delta) => delta.content);
    const callDeltas = deltas.flatMap((delta) => delta.tool_calls ?? []);
    expect(textDeltas.length).toBeGreaterThan(10);
    expect(deltas.indexOf(textDeltas.at(-1) ?? {})).toBeLessThan(
      deltas.findIndex((delta) => delta.tool_calls),
    );
    expect(callDeltas[0]).toMatchObject({ index: 0, type: "function", function: { name: "python_run" } });
    expect(callDeltas[0]?.id).toMatch(/^call_/);
    expect(callDeltas.length).toBeGreaterThan(3);
    expect(callDeltas.every((delta) => delta.index === 0)).toBe(true);
    expect(callDeltas.slice(1).every((delta) => delta.id === undefined)).toBe(true);
    const args = JSON.parse(callDeltas.map((delta) => delta.function?.arguments ?? "").join(""));
    expect(args.code).toContain('path = "/data/iris.csv"');

    const [finish, usage] = chunks.slice(-2);
    expect(finish?.choices[0]?.finish_reason).toBe("tool_calls");
    expect(usage?.choices).toEqual([]);
    expect(usage?.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(usage?.usage?.completion_tokens).toBeGreaterThan(100);
  });

  it("sends usage only when asked, as OpenAI does", async () => {
    const events = await payloads(await post({ ...firstTurn, max_tokens: 5 }));
    expect(events.some((event) => event !== "[DONE]" && event.usage)).toBe(false);
  });

  it("stops at max_tokens with finish_reason length", async () => {
    const events = await payloads(await post({ ...firstTurn, max_tokens: 5 }));
    const chunks = events.filter((event) => event !== "[DONE]");
    const text = chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? "").join("");
    expect(text.length).toBeGreaterThan(0);
    expect(text.split(" ").length).toBeLessThanOrEqual(6);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("length");
  });

  it("stops streaming when the request is aborted", async () => {
    const controller = new AbortController();
    const response = await post(firstTurn, controller.signal);
    const reader = response.body?.getReader();
    await reader?.read();
    controller.abort();
    await expect(reader?.read()).rejects.toThrow();
  });

  it("answers anything but POST …/chat/completions with a 404", async () => {
    expect((await demoFetch("http://ada-demo.invalid/v1/models")).status).toBe(404);
  });
});

describe("the demo provider", () => {
  it("runs the real openai client against the endpoint", async () => {
    const request: ChatRequest = {
      ...firstTurn,
      messages: [
        ...firstTurn.messages,
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "call_1", type: "function", function: { name: "python_run", arguments: "{}" } }],
        },
        { role: "tool", tool_call_id: "call_1", content: "/data/iris.csv  4,600 bytes" },
        {
          role: "assistant",
          content: null,
          tool_calls: [{ id: "call_2", type: "function", function: { name: "python_run", arguments: "{}" } }],
        },
        { role: "tool", tool_call_id: "call_2", content: "150 rows" },
      ],
    };
    const chunks = await demoProvider.stream({
      request,
      model,
      maxTokens: 1_000,
      signal: new AbortController().signal,
    });
    const acc = new ChunkAccumulator();
    for await (const chunk of chunks) acc.push(chunk);
    expect(acc.content).toContain("```text\n150 rows\n```");
    expect(acc.toolCalls).toEqual([]);
    expect(acc.finishReason).toBe("stop");
    expect(acc.usage?.prompt_tokens).toBe(await demoProvider.countPromptTokens(request, model));
  });
});
