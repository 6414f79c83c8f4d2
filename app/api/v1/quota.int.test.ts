import { APIError } from "openai";
import { describe, expect, it } from "vitest";
import { db } from "#server/db.ts";
import { countPromptTokens } from "#server/inference/estimate.ts";
import { fakeModelServer } from "#server/test/setup-env.ts";
import { bucketOf, eventually, newAccount, openaiClient, usageOf } from "../../_test/gateway-helpers.ts";

describe("quota under concurrency", () => {
  it("200 concurrent requests never spend past the limit, and every one is accounted for", async () => {
    const content = `FAKE:${JSON.stringify({ text: "x".repeat(40), usage: { prompt: 8, completion: 290 }, chunkDelayMs: 2 })}`;
    const messages = [{ role: "user" as const, content }];
    const reservation = countPromptTokens({ messages }) + 300;
    const limit = 20 * reservation;
    const { key, accountId } = await newAccount(limit);
    const client = openaiClient(key);

    const outcomes = await Promise.all(
      Array.from({ length: 200 }, async () => {
        try {
          const stream = await client.chat.completions.create({
            model: "gpt-5.4-mini",
            messages,
            max_tokens: 300,
            stream: true,
          });
          for await (const _ of stream);
          return "ok";
        } catch (error) {
          if (error instanceof APIError && error.status === 429) {
            expect((error.error as { type?: string })?.type ?? error.type).toBe("insufficient_quota");
            return "refused";
          }
          throw error;
        }
      }),
    );

    const accepted = outcomes.filter((o) => o === "ok").length;
    expect(accepted).toBe(20);
    expect(outcomes.filter((o) => o === "refused")).toHaveLength(180);

    const rows = await eventually(
      () => usageOf(accountId),
      (r) => r.every((row) => row.status !== "open"),
    );
    expect(rows).toHaveLength(accepted);
    expect(rows.every((row) => row.status === "settled" && row.charged === 298)).toBe(true);
    const charged = rows.reduce((sum, row) => sum + row.charged, 0);
    expect(charged).toBeLessThanOrEqual(limit);
    const bucket = await bucketOf(accountId);
    expect(bucket.usedTokens).toBe(charged);
    expect(bucket.openStreams).toBe(0);
  });

  it("refuses with 429 insufficient_quota, the remaining allowance and nothing sent upstream", async () => {
    const { key, accountId } = await newAccount(20_000);
    await db.quotaBucket.update({ where: { accountId }, data: { usedTokens: 19_900 } });
    const before = fakeModelServer().received.length;

    const response = await openaiClient(key)
      .chat.completions.create({ model: "gpt-5.4-mini", messages: [{ role: "user", content: "hi" }] })
      .withResponse()
      .catch((error: unknown) => error);
    expect(response).toBeInstanceOf(APIError);
    const error = response as APIError;
    expect(error.status).toBe(429);
    expect(error.code).toBe("insufficient_quota");
    expect(error.message).toContain("100 of 20000 tokens remain");
    expect(error.headers?.get("x-ratelimit-remaining-tokens")).toBe("100");
    expect(error.headers?.get("x-ratelimit-limit-tokens")).toBe("20000");
    expect(fakeModelServer().received.length).toBe(before);
    expect(await usageOf(accountId)).toHaveLength(0);
    expect((await bucketOf(accountId)).usedTokens).toBe(19_900);
    // Counted for the admin overview, off the response's path.
    const refusals = await eventually(
      () => db.gatewayRefusal.findMany({ where: { accountId }, select: { reason: true, count: true } }),
      (rows) => rows.length > 0,
    );
    expect(refusals).toEqual([{ reason: "quota", count: 1 }]);
  });

  it("lowers max_tokens to what the remaining quota pays for and sends that upstream", async () => {
    const { key, accountId } = await newAccount(20_000);
    await db.quotaBucket.update({ where: { accountId }, data: { usedTokens: 19_000 } });
    const messages = [{ role: "user" as const, content: "Summarise the data." }];
    await openaiClient(key).chat.completions.create({ model: "gpt-5.4-mini", messages });
    const sent = fakeModelServer().received.at(-1)?.body as { max_tokens?: number };
    expect(sent.max_tokens).toBe(1_000 - countPromptTokens({ messages }));
  });

  it("rolls a passed daily window in the same statement that charges", async () => {
    const { key, accountId } = await newAccount(1_000);
    await db.quotaBucket.update({
      where: { accountId },
      data: { usedTokens: 1_000, windowStart: new Date(Date.now() - 25 * 3600_000) },
    });
    fakeModelServer().enqueue({ text: "ok", usage: { prompt: 10, completion: 1 } });
    await openaiClient(key).chat.completions.create({
      model: "gpt-5.4-mini",
      messages: [{ role: "user", content: "hi" }],
      max_tokens: 300,
    });
    const bucket = await bucketOf(accountId);
    expect(bucket.usedTokens).toBe(11);
    expect(Date.now() - bucket.windowStart.getTime()).toBeLessThan(60_000);
  });
});
