import { APIError } from "openai";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "#server/db.ts";
import { countCompletionTokens, countPromptTokens } from "#server/inference/estimate.ts";
import { estimateHiddenReasoning, THINKING_TOKENS_PER_SECOND } from "#server/inference/reasoning.ts";
import { fakeModelServer } from "#server/test/setup-env.ts";
import { bucketOf, eventually, newAccount, openaiClient, usageOf } from "../../_test/gateway-helpers.ts";

// Before the app's modules read their environment: a provider quiet for a second is cut here.
vi.hoisted(() => {
  process.env.UPSTREAM_IDLE_TIMEOUT_MS = "1000";
});

const hi = [{ role: "user" as const, content: "hi" }];
const settledRow = async (accountId: string, timeoutMs?: number) =>
  (
    await eventually(
      () => usageOf(accountId),
      (rows) => rows[0] !== undefined && rows[0].status !== "open",
      timeoutMs,
    )
  )[0];

/** Resolves once the fake provider has accepted the latest model call (sent its headers). */
async function providerAccepted(path: string) {
  await eventually(
    async () => fakeModelServer().received.at(-1)?.path ?? "",
    (last) => last.endsWith(path),
  );
  await new Promise((resolve) => setTimeout(resolve, 200));
}

describe("what a request pays once the provider has accepted it", () => {
  it("charges the prompt when the client hangs up before the first token", async () => {
    const { key, accountId } = await newAccount();
    fakeModelServer().enqueue({ text: "too late", firstChunkDelayMs: 3_000 });
    const controller = new AbortController();
    const answer = openaiClient(key)
      .chat.completions.create(
        { model: "claude-haiku-5-5", messages: hi, stream: true },
        { signal: controller.signal },
      )
      .catch((error: unknown) => error);
    await providerAccepted("/v1/messages");
    controller.abort();
    await answer;

    // Anthropic counted the prompt: 10 tokens (the fake provider's count).
    expect(await settledRow(accountId)).toMatchObject({
      status: "aborted",
      promptTokens: 10,
      completionTokens: 0,
      charged: 10,
    });
    expect(await bucketOf(accountId)).toMatchObject({ usedTokens: 10, openStreams: 0 });
  });

  it("charges the prompt, and only the prompt, when the first byte times out after acceptance", async () => {
    const { key, accountId } = await newAccount();
    fakeModelServer().enqueue({ text: "too late", firstChunkDelayMs: 4_000 });
    const error = await openaiClient(key)
      .chat.completions.create({ model: "gpt-5.4-mini", messages: hi, stream: true })
      .catch((e: unknown) => e);
    expect((error as APIError).status).toBe(504);
    expect((error as APIError).message).toContain("its prompt was charged");

    const prompt = countPromptTokens({ messages: hi });
    expect(await settledRow(accountId)).toMatchObject({
      status: "failed",
      promptTokens: prompt,
      completionTokens: 0,
      charged: prompt,
    });
    expect(await bucketOf(accountId)).toMatchObject({ usedTokens: prompt, openStreams: 0 });
  });

  it("charges a reasoning model's cut stream for its hidden reasoning too", async () => {
    const { key, accountId } = await newAccount();
    // The provider thinks for a second before its first visible token.
    fakeModelServer().enqueue({
      text: "step ".repeat(200),
      pieceSize: 5,
      firstChunkDelayMs: 1_000,
      chunkDelayMs: 20,
      usage: { prompt: 9, completion: 9_999 },
    });
    const controller = new AbortController();
    const stream = await openaiClient(key).chat.completions.create(
      { model: "gpt-5.4-mini", messages: hi, stream: true },
      { signal: controller.signal },
    );
    let received = "";
    for await (const chunk of stream) {
      received += chunk.choices[0]?.delta?.content ?? "";
      if (received.length >= 20) controller.abort();
    }

    const row = await settledRow(accountId);
    expect(row?.status).toBe("aborted");
    const thoughtAtLeast = estimateHiddenReasoning(900, Number.POSITIVE_INFINITY);
    expect(thoughtAtLeast).toBe(0.9 * THINKING_TOKENS_PER_SECOND);
    expect(row?.completionTokens).toBeGreaterThanOrEqual(countCompletionTokens(received) + thoughtAtLeast);
    // Never the 9,999 the whole answer would have cost.
    expect(row?.completionTokens).toBeLessThan(1_000);
    expect(row?.charged).toBe((row?.promptTokens ?? 0) + (row?.completionTokens ?? 0));
    expect((await bucketOf(accountId)).openStreams).toBe(0);
  });
});

describe("a provider that goes quiet mid-stream", () => {
  it("is cut after the idle timeout, and the request settled for what it sent", async () => {
    const { key, accountId } = await newAccount();
    fakeModelServer().enqueue({ text: "0123456789".repeat(5), pieceSize: 10, stallAfter: 3 });
    const stream = await openaiClient(key).chat.completions.create({
      model: "gpt-5.4-mini",
      messages: hi,
      stream: true,
    });
    let text = "";
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    })().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(APIError);
    expect((failure as APIError).message).toContain("sent nothing for 1 s");
    expect(text).toBe("0123456789".repeat(3));
    const upstream = fakeModelServer().received.at(-1);
    expect(await eventually(async () => upstream?.closedEarly, Boolean)).toBe(true);

    const row = await settledRow(accountId);
    expect(row).toMatchObject({ status: "failed", promptTokens: countPromptTokens({ messages: hi }) });
    expect(row?.error).toContain("sent nothing for 1 s");
    expect(row?.completionTokens).toBeGreaterThanOrEqual(countCompletionTokens(text));
    expect(await bucketOf(accountId)).toMatchObject({ usedTokens: row?.charged, openStreams: 0 });
  });
});

describe("a cut stream whose output looks like special tokens", () => {
  it("is settled, its output counted as text", async () => {
    const { key, accountId } = await newAccount();
    const special = "<|endoftext|><|im_start|>";
    fakeModelServer().enqueue({
      text: special.repeat(4),
      pieceSize: special.length,
      cutAfter: 3,
      usage: null,
    });
    const stream = await openaiClient(key).chat.completions.create({
      model: "gpt-5.4-mini",
      messages: hi,
      stream: true,
    });
    let text = "";
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? "";
    })().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(APIError);
    expect(text).toBe(special.repeat(3));

    const row = await settledRow(accountId);
    expect(row?.status).toBe("failed");
    expect(row?.completionTokens).toBeGreaterThanOrEqual(countCompletionTokens(text));
    expect(countCompletionTokens(text)).toBeGreaterThan(3 * 2);
    expect(await bucketOf(accountId)).toMatchObject({ usedTokens: row?.charged, openStreams: 0 });
  });
});

describe("a settlement the database refuses", () => {
  beforeAll(async () => {
    // Closing a usage row fails for the accounts listed here, as a database in trouble would.
    await db.$executeRaw`CREATE TABLE refuse_settlement (account_id text PRIMARY KEY)`;
    await db.$executeRaw`CREATE FUNCTION refuse_settlement() RETURNS trigger LANGUAGE plpgsql AS
      'BEGIN
         IF EXISTS (SELECT 1 FROM refuse_settlement r WHERE r.account_id = NEW.account_id) THEN
           RAISE EXCEPTION ''settlement refused'';
         END IF;
         RETURN NEW;
       END'`;
    await db.$executeRaw`CREATE TRIGGER refuse_settlement BEFORE UPDATE ON usage_log FOR EACH ROW
      WHEN (OLD.status = 'open' AND NEW.status <> 'open') EXECUTE FUNCTION refuse_settlement()`;
  });
  afterAll(async () => {
    await db.$executeRaw`DROP TRIGGER refuse_settlement ON usage_log`;
    await db.$executeRaw`DROP FUNCTION refuse_settlement()`;
    await db.$executeRaw`DROP TABLE refuse_settlement`;
  });

  it("is retried, and the stream slot freed once the database takes it", async () => {
    const { key, accountId } = await newAccount();
    await db.$executeRaw`INSERT INTO refuse_settlement VALUES (${accountId})`;
    fakeModelServer().enqueue({ text: "All done.", usage: { prompt: 7, completion: 3 } });
    const stream = await openaiClient(key).chat.completions.create({
      model: "gpt-5.4-mini",
      messages: hi,
      stream: true,
    });
    for await (const _ of stream);
    expect((await usageOf(accountId))[0]?.status).toBe("open");
    expect((await bucketOf(accountId)).openStreams).toBe(1);

    await db.$executeRaw`DELETE FROM refuse_settlement WHERE account_id = ${accountId}`;
    expect(await settledRow(accountId, 20_000)).toMatchObject({ status: "settled", charged: 10 });
    expect(await bucketOf(accountId)).toMatchObject({ usedTokens: 10, openStreams: 0 });
  });
});
