import { describe, expect, it } from "vitest";
import { db } from "../db.ts";
import { env } from "../env.ts";
import { TestAuthClient } from "../test/auth-client.ts";
import { accountWithBucket, bucketOf, reserved, reserveFor, settleFor } from "../test/quota.ts";

const ANON = env.QUOTA_TOKENS_ANON;
const usageOf = (accountId: string) => db.usageLog.findMany({ where: { accountId } });

describe("reserving before a request runs", () => {
  it("debits the bucket and opens the request's usage row in one go, on that account only", async () => {
    const accountId = await accountWithBucket({ usedTokens: 1_000 });
    const bystander = await accountWithBucket();
    const untouched = await bucketOf(bystander);

    const reservation = await reserved(accountId, 5_000);
    expect(reservation).toMatchObject({ granted: 5_000, limitTokens: ANON, usedTokens: 6_000 });
    expect(await bucketOf(accountId)).toMatchObject({ usedTokens: 6_000, openStreams: 1 });
    expect(await usageOf(accountId)).toEqual([
      expect.objectContaining({
        id: reservation.usageLogId,
        status: "open",
        reserved: 5_000,
        promptTokens: 40,
      }),
    ]);
    expect(await bucketOf(bystander)).toEqual(untouched);
  });

  it("grants what remains when that is still worth it", async () => {
    const accountId = await accountWithBucket({ usedTokens: ANON - 1_000 });
    expect(await reserved(accountId, 5_000)).toMatchObject({ granted: 1_000, usedTokens: ANON });
  });

  it("refuses past the quota with what remains and when it comes back, debiting nothing", async () => {
    const accountId = await accountWithBucket({ usedTokens: ANON - 50 });
    const before = await bucketOf(accountId);

    expect(await reserveFor(accountId, 5_000)).toEqual({
      reason: "quota",
      limitTokens: ANON,
      remainingTokens: 50,
      resetsAt: new Date(before.windowStart.getTime() + 86_400_000),
    });
    expect(await bucketOf(accountId)).toMatchObject({ usedTokens: ANON - 50, openStreams: 0 });
    expect(await usageOf(accountId)).toEqual([]);
  });

  it("holds at most maxOpenStreams requests in flight per account", async () => {
    const accountId = await accountWithBucket();
    const ask = () => reserveFor(accountId, 100, { maxOpenStreams: 2 });
    const results = await Promise.all([ask(), ask(), ask()]);
    const granted = results.filter((r) => "usageLogId" in r);
    expect(granted).toHaveLength(2);
    expect(results.find((r) => !("usageLogId" in r))).toMatchObject({
      reason: "concurrency",
      remainingTokens: ANON - 200,
    });
    expect((await bucketOf(accountId)).openStreams).toBe(2);

    // A settled request frees its slot for the next one.
    const [first] = granted;
    if (!first || !("usageLogId" in first)) throw new Error("not reserved");
    expect(await settleFor(first, 60)).toBe(true);
    expect(await ask()).toHaveProperty("usageLogId");
  });

  it("refuses a banned account and a revoked key, whatever the quota", async () => {
    const client = new TestAuthClient();
    const accountId = await client.signInAnonymously();
    const { id: keyId } = await (await client.caller()).keys.create({ name: "script" });
    await db.virtualKey.update({ where: { id: keyId }, data: { revokedAt: new Date() } });
    expect(await reserveFor(accountId, 500, { keyId })).toMatchObject({ reason: "revoked" });

    // A ban that has run out no longer counts; one still running does.
    await db.user.update({
      where: { id: accountId },
      data: { banned: true, banExpires: new Date(Date.now() - 1_000) },
    });
    expect(await reserveFor(accountId, 500)).toHaveProperty("usageLogId");
    await db.user.update({ where: { id: accountId }, data: { banExpires: null } });
    expect(await reserveFor(accountId, 500)).toMatchObject({ reason: "banned" });
    expect(await bucketOf(accountId)).toMatchObject({ usedTokens: 500, openStreams: 1 });
  });
});

describe("settling after a request ends", () => {
  it("applies charged − reserved, frees the stream slot and closes the row, once", async () => {
    const accountId = await accountWithBucket({ usedTokens: 1_000 });
    const reservation = await reserved(accountId, 5_000);

    expect(await settleFor(reservation, 1_200)).toBe(true);
    expect(await bucketOf(accountId)).toMatchObject({ usedTokens: 2_200, openStreams: 0 });
    expect(await usageOf(accountId)).toEqual([
      expect.objectContaining({
        status: "settled",
        reserved: 5_000,
        charged: 1_200,
        completionTokens: 1_160,
      }),
    ]);

    // Already closed (a retry, or the sweeper got there first): nothing moves.
    expect(await settleFor(reservation, 4_000)).toBe(false);
    expect(await bucketOf(accountId)).toMatchObject({ usedTokens: 2_200, openStreams: 0 });
  });

  it("charges past the reservation when the request owed more, and never goes below zero", async () => {
    const over = await accountWithBucket();
    await settleFor(await reserved(over, 1_000), 1_300);
    expect((await bucketOf(over)).usedTokens).toBe(1_300);

    const refunded = await accountWithBucket();
    const reservation = await reserved(refunded, 5_000);
    await db.quotaBucket.update({ where: { accountId: refunded }, data: { usedTokens: 100 } });
    await settleFor(reservation, 0);
    expect(await bucketOf(refunded)).toMatchObject({ usedTokens: 0, openStreams: 0 });
  });
});
