import { APIError } from "openai";
import { describe, expect, it } from "vitest";
import { countCompletionTokens, countPromptTokens } from "#server/inference/estimate.ts";
import { estimateHiddenReasoning } from "#server/inference/reasoning.ts";
import { fakeModelServer } from "#server/test/setup-env.ts";
import { bucketOf, eventually, newAccount, openaiClient, usageOf } from "../../_test/gateway-helpers.ts";

const settledRow = async (accountId: string) =>
  (
    await eventually(
      () => usageOf(accountId),
      (rows) => rows[0] !== undefined && rows[0].status !== "open",
    )
  )[0];

describe("settlement", () => {
  it("charges a client that disconnects mid-stream for what was streamed, and stops the upstream", async () => {
    const { key, accountId } = await newAccount();
    fakeModelServer().enqueue({
      text: "abcdefghij".repeat(40),
      pieceSize: 10,
      chunkDelayMs: 20,
      usage: { prompt: 9, completion: 999 },
    });
    const controller = new AbortController();
    const stream = await openaiClient(key).chat.completions.create(
      { model: "gpt-5.4-mini", messages: [{ role: "user", content: "long answer please" }], stream: true },
      { signal: controller.signal },
    );
    let received = "";
    // The SDK ends the iteration quietly when its own signal aborts it.
    for await (const chunk of stream) {
      received += chunk.choices[0]?.delta?.content ?? "";
      if (received.length >= 30) controller.abort();
    }
    expect(received.length).toBeLessThan(400);
    const upstream = fakeModelServer().received.at(-1);
    expect(await eventually(async () => upstream?.closedEarly, Boolean)).toBe(true);

    const row = await settledRow(accountId);
    expect(row?.status).toBe("aborted");
    expect(row?.completionTokens).toBeGreaterThan(0);
    // Charged for what was generated before the cut, never for the 999 the full answer would have cost.
    expect(row?.completionTokens).toBeLessThan(countCompletionTokens("abcdefghij".repeat(40)));
    expect(row?.charged).toBe((row?.promptTokens ?? 0) + (row?.completionTokens ?? 0));
    const bucket = await bucketOf(accountId);
    expect(bucket.usedTokens).toBe(row?.charged);
    expect(bucket.openStreams).toBe(0);
  });

  it("refunds everything when the provider fails before the first byte", async () => {
    const { key, accountId } = await newAccount();
    fakeModelServer().enqueue({ status: 500 });
    const error = await openaiClient(key)
      .chat.completions.create({ model: "claude-haiku-5-5", messages: [{ role: "user", content: "hi" }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(502);
    expect((error as APIError).message).not.toContain("test-anthropic-key");

    const row = await settledRow(accountId);
    expect(row).toMatchObject({ status: "failed", charged: 0 });
    expect(await bucketOf(accountId)).toMatchObject({ usedTokens: 0, openStreams: 0 });
  });

  it("refunds everything when the provider does not answer in time", async () => {
    const { key, accountId } = await newAccount();
    fakeModelServer().enqueue({ delayMs: 4_000 });
    const error = await openaiClient(key)
      .chat.completions.create({
        model: "gpt-5.4-mini",
        messages: [{ role: "user", content: "hi" }],
        stream: true,
      })
      .catch((e: unknown) => e);
    expect((error as APIError).status).toBe(504);
    expect(await settledRow(accountId)).toMatchObject({ status: "failed", charged: 0 });
    expect(await bucketOf(accountId)).toMatchObject({ usedTokens: 0, openStreams: 0 });
  });

  it("charges what was streamed when the provider breaks off mid-stream, and tells the client", async () => {
    const { key, accountId } = await newAccount();
    fakeModelServer().enqueue({ text: "0123456789".repeat(5), pieceSize: 10, cutAfter: 3 });
    const stream = await openaiClient(key).chat.completions.create({
      model: "gpt-5.4-mini",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
    });
    let text = "";
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    })().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(APIError);
    expect(text).toBe("0123456789".repeat(3));

    const row = await settledRow(accountId);
    const prompt = countPromptTokens({ messages: [{ role: "user", content: "hi" }] });
    expect(row).toMatchObject({ status: "failed", promptTokens: prompt });
    // What was streamed, and (gpt-5.4-mini reasons) the hidden reasoning of its brief wait for output.
    const visible = countCompletionTokens(text);
    expect(row?.completionTokens).toBeGreaterThanOrEqual(visible);
    expect(row?.completionTokens).toBeLessThanOrEqual(
      visible + estimateHiddenReasoning(row?.latencyMs ?? 0, 1e9),
    );
    expect(row?.charged).toBe(prompt + (row?.completionTokens ?? 0));
  });

  it("passes through only the parameters it accounts for", async () => {
    const { key } = await newAccount();
    await openaiClient(key).chat.completions.create({
      model: "gpt-5.4-mini",
      messages: [{ role: "user", content: "hi" }],
      temperature: 0.2,
      response_format: { type: "json_object" },
      // Parameters that cost extra upstream, which the estimate cannot see.
      store: true,
      service_tier: "priority",
      web_search_options: {},
    } as never);
    const sent = fakeModelServer().received.at(-1)?.body ?? {};
    expect(sent).toMatchObject({ temperature: 0.2, response_format: { type: "json_object" } });
    expect(sent).not.toHaveProperty("store");
    expect(sent).not.toHaveProperty("service_tier");
    expect(sent).not.toHaveProperty("web_search_options");
  });
});
