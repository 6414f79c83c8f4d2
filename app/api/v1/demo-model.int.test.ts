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
const messages = [
  { role: "system" as const, content: "Files under /data:\n- /data/iris.csv (4.6 kB) columns: a, b" },
  { role: "user" as const, content: "Explore my data." },
];

// The integration setup configures provider keys and DEMO_MODEL=1 (server/test/setup-env.ts).
describe("the offline demo model through /api/v1", () => {
  it("streams text, then a python_run call, and charges the account's bucket", async () => {
    const { key, accountId } = await newAccount();
    const upstreamCalls = fakeModelServer().received.length;
    const stream = await openaiClient(key).chat.completions.create({
      model: "ada-demo",
      messages,
      tools,
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = "";
    let args = "";
    let name = "";
    let textBeforeCall = false;
    let finish: string | null = null;
    let usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } | undefined;
    for await (const chunk of stream) {
      expect(chunk.model).toBe("ada-demo");
      const delta = chunk.choices[0]?.delta;
      text += delta?.content ?? "";
      for (const call of delta?.tool_calls ?? []) {
        textBeforeCall ||= text.length > 0;
        name += call.function?.name ?? "";
        args += call.function?.arguments ?? "";
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(text).toContain("offline demo");
    expect(textBeforeCall).toBe(true);
    expect(name).toBe("python_run");
    expect(typeof (JSON.parse(args) as { code: unknown }).code).toBe("string");
    expect(finish).toBe("tool_calls");
    // Served in-process: the fake provider saw nothing.
    expect(fakeModelServer().received.length).toBe(upstreamCalls);

    const [row] = await eventually(
      () => usageOf(accountId),
      (rows) => rows[0]?.status === "settled",
    );
    expect(row).toMatchObject({ status: "settled", provider: "demo", model: "ada-demo" });
    // The demo is weighted at a tenth (server/inference/models.ts): metered, but cheap to try.
    expect(row?.charged).toBe(Math.ceil((usage?.total_tokens ?? 0) * 0.1));
    expect(row?.completionTokens).toBeGreaterThan(0);
    expect((await bucketOf(accountId)).usedTokens).toBe(row?.charged);
  });

  it("answers a non-streaming request whole", async () => {
    const { key } = await newAccount();
    const completion = await openaiClient(key).chat.completions.create({
      model: "ada-demo",
      messages,
      tools,
    });
    expect(completion.model).toBe("ada-demo");
    expect(completion.choices[0]?.message.content).toContain("offline demo");
    expect(completion.choices[0]?.finish_reason).toBe("tool_calls");
    const [call] = completion.choices[0]?.message.tool_calls ?? [];
    expect(call?.type === "function" && call.function.name).toBe("python_run");
    expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it("stops when the client disconnects, charging what was streamed", async () => {
    const { key, accountId } = await newAccount();
    const controller = new AbortController();
    const stream = await openaiClient(key).chat.completions.create(
      { model: "ada-demo", messages, tools, stream: true },
      { signal: controller.signal },
    );
    let text = "";
    // The SDK ends the iteration quietly when its own signal aborts it.
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? "";
      if (text.length > 20) controller.abort();
    }
    const [row] = await eventually(
      () => usageOf(accountId),
      (rows) => rows[0] !== undefined && rows[0].status !== "open",
    );
    expect(row?.status).toBe("aborted");
    expect(row?.completionTokens).toBeGreaterThan(0);
    expect(row?.completionTokens).toBeLessThan(30);
    expect((await bucketOf(accountId)).usedTokens).toBe(row?.charged);
  });

  it("is listed last, owned by demo", async () => {
    const { key } = await newAccount();
    const list = await openaiClient(key).models.list();
    expect(list.data.at(-1)).toMatchObject({ id: "ada-demo", owned_by: "demo" });
    expect(list.data.length).toBeGreaterThan(1);
  });
});
