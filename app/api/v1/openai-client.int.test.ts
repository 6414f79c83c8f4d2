import { describe, expect, it } from "vitest";
import { fakeModelServer } from "#server/test/setup-env.ts";
import { bucketOf, eventually, newAccount, openaiClient, usageOf } from "../../_test/gateway-helpers.ts";

const tools = [
  {
    type: "function" as const,
    function: {
      name: "python_run",
      description: "Run Python",
      parameters: { type: "object", properties: { code: { type: "string" } }, required: ["code"] },
    },
  },
];

describe.each(["gpt-5.4-mini", "claude-haiku-5-5"])("the openai SDK through /api/v1 with %s", (model) => {
  it("streams a completion, with usage when asked", async () => {
    const { key, accountId } = await newAccount();
    fakeModelServer().enqueue({ text: "The mean is 5.8.", usage: { prompt: 21, completion: 6 } });
    const stream = await openaiClient(key).chat.completions.create({
      model,
      messages: [{ role: "user", content: "What is the mean?" }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let usage: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? "";
      if (chunk.usage) usage = chunk.usage;
      expect(chunk.model).toBe(model);
    }
    expect(text).toBe("The mean is 5.8.");
    const upstreamPath = fakeModelServer().received.at(-1)?.path;
    expect(upstreamPath).toBe(model.startsWith("claude") ? "/v1/messages" : "/v1/chat/completions");
    expect(usage).toEqual({ prompt_tokens: 21, completion_tokens: 6, total_tokens: 27 });

    const [row] = await eventually(
      () => usageOf(accountId),
      (rows) => rows[0]?.status === "settled",
    );
    expect(row).toMatchObject({
      status: "settled",
      promptTokens: 21,
      completionTokens: 6,
      charged: 27,
      model,
    });
    expect((await bucketOf(accountId)).usedTokens).toBe(27);
  });

  it("answers a non-streaming request whole", async () => {
    const { key } = await newAccount();
    fakeModelServer().enqueue({ text: "Done.", usage: { prompt: 5, completion: 2 } });
    const completion = await openaiClient(key).chat.completions.create({
      model,
      messages: [{ role: "user", content: "hi" }],
    });
    expect(completion.object).toBe("chat.completion");
    expect(completion.model).toBe(model);
    expect(completion.choices[0]?.message.content).toBe("Done.");
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.usage).toMatchObject({ prompt_tokens: 5, completion_tokens: 2 });
  });

  it("streams a tool call and sends the tool result back", async () => {
    const { key } = await newAccount();
    const client = openaiClient(key);
    fakeModelServer().enqueue({
      toolCalls: [{ id: "call_1", name: "python_run", arguments: '{"code":"print(1)"}' }],
    });
    const stream = await client.chat.completions.create({
      model,
      messages: [{ role: "user", content: "run it" }],
      tools,
      stream: true,
    });
    const calls: Record<number, { id?: string; name: string; args: string }> = {};
    let finish: string | null = null;
    for await (const chunk of stream) {
      for (const delta of chunk.choices[0]?.delta?.tool_calls ?? []) {
        calls[delta.index] ??= { name: "", args: "" };
        const call = calls[delta.index] as { id?: string; name: string; args: string };
        call.id ??= delta.id;
        call.name += delta.function?.name ?? "";
        call.args += delta.function?.arguments ?? "";
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(finish).toBe("tool_calls");
    expect(calls[0]).toEqual({ id: "call_1", name: "python_run", args: '{"code":"print(1)"}' });

    fakeModelServer().enqueue({ text: "It printed 1." });
    const followUp = await client.chat.completions.create({
      model,
      tools,
      messages: [
        { role: "user", content: "run it" },
        {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: "call_1",
              type: "function",
              function: { name: "python_run", arguments: '{"code":"print(1)"}' },
            },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "1" },
      ],
    });
    expect(followUp.choices[0]?.message.content).toBe("It printed 1.");
    const upstream = fakeModelServer().received.at(-1)?.body as { messages: unknown[] };
    expect(JSON.stringify(upstream.messages)).toContain("call_1");
  });
});

describe("GET /api/v1/models", () => {
  it("lists the served models in OpenAI's list shape", async () => {
    const { key } = await newAccount();
    const list = await openaiClient(key).models.list();
    const ids = list.data.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(["gpt-5.4-mini", "claude-haiku-5-5"]));
    expect(list.data.find((m) => m.id === "claude-haiku-5-5")?.owned_by).toBe("anthropic");
  });
});
