import { describe, expect, it } from "vitest";
import { db } from "../db.ts";
import { env } from "../env.ts";
import { accountWithBucket, bucketOf, hoursAgo, reserved, settleFor } from "../test/quota.ts";
import { forgetUsage, setAllowance } from "./bucket-changes.ts";

const allow = (accountId: string, change: Parameters<typeof setAllowance>[2]) =>
  db.$transaction((tx) => setAllowance(tx, accountId, change));
const forget = (accountId: string) => db.$transaction((tx) => forgetUsage(tx, accountId));

describe("an admin's change of tier or limit", () => {
  it("gives a new tier its allowance, a limit alone keeps the tier, and both set both", async () => {
    const accountId = await accountWithBucket({ usedTokens: 300 });
    const bystander = await accountWithBucket();
    const untouched = await bucketOf(bystander);

    expect(await allow(accountId, { tier: "pro" })).toEqual({
      before: { tier: "anon", limitTokens: env.QUOTA_TOKENS_ANON },
      after: { tier: "pro", limitTokens: env.QUOTA_TOKENS_PRO },
    });
    expect(await allow(accountId, { limitTokens: 5_000 })).toEqual({
      before: { tier: "pro", limitTokens: env.QUOTA_TOKENS_PRO },
      after: { tier: "pro", limitTokens: 5_000 },
    });
    expect(await allow(accountId, { tier: "free", limitTokens: 7_000 })).toMatchObject({
      after: { tier: "free", limitTokens: 7_000 },
    });
    expect(await bucketOf(accountId)).toMatchObject({ tier: "free", limitTokens: 7_000, usedTokens: 300 });
    expect(await bucketOf(bystander)).toEqual(untouched);
  });

  it("is undone with the caller's transaction", async () => {
    const accountId = await accountWithBucket();
    await expect(
      db.$transaction(async (tx) => {
        await setAllowance(tx, accountId, { tier: "pro" });
        throw new Error("the audit row could not be written");
      }),
    ).rejects.toThrow("the audit row could not be written");
    expect(await bucketOf(accountId)).toMatchObject({ tier: "anon", limitTokens: env.QUOTA_TOKENS_ANON });
  });
});

describe("an admin's reset of usage", () => {
  it("keeps what requests still streaming reserved, so each then pays only what it used", async () => {
    const accountId = await accountWithBucket({ usedTokens: 500 });
    const bystander = await accountWithBucket({ usedTokens: 800 });
    const streaming = await reserved(accountId, 1_000);
    expect((await bucketOf(accountId)).usedTokens).toBe(1_500);

    expect(await forget(accountId)).toEqual({ before: { usedTokens: 1_500 }, after: { usedTokens: 1_000 } });
    expect(await bucketOf(accountId)).toMatchObject({ usedTokens: 1_000, openStreams: 1 });

    await settleFor(streaming, 300);
    expect(await bucketOf(accountId)).toMatchObject({ usedTokens: 300, openStreams: 0 });
    expect((await bucketOf(bystander)).usedTokens).toBe(800);
  });

  it("does not keep a reservation from a window that has since rolled", async () => {
    const accountId = await accountWithBucket();
    await reserved(accountId, 1_000);
    await db.quotaBucket.update({
      where: { accountId },
      data: { windowStart: new Date(Date.now() + 1_000), usedTokens: 700 },
    });
    expect(await forget(accountId)).toMatchObject({ after: { usedTokens: 0 } });
    // The request is still in flight: its stream slot stays taken until it settles.
    expect(await bucketOf(accountId)).toMatchObject({ usedTokens: 0, openStreams: 1 });
  });

  it("reports a passed window's usage as nothing to forget", async () => {
    const accountId = await accountWithBucket({ usedTokens: 900, windowStart: hoursAgo(25) });
    expect(await forget(accountId)).toEqual({ before: { usedTokens: 0 }, after: { usedTokens: 0 } });
  });
});

describe("changing a bucket that does not exist", () => {
  it("fails with NOT_FOUND and writes nothing", async () => {
    const missing = `nobody-${crypto.randomUUID()}`;
    for (const change of [() => allow(missing, { tier: "pro" }), () => forget(missing)]) {
      await expect(change()).rejects.toMatchObject({
        code: "NOT_FOUND",
        message: "This account has no quota bucket.",
      });
    }
    expect(await db.quotaBucket.findUnique({ where: { accountId: missing } })).toBeNull();
  });
});
