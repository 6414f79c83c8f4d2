import { describe, expect, it } from "vitest";
import { db } from "../db.ts";
import { accountWithBucket, bucketOf, hoursAgo, reserved, settleFor } from "../test/quota.ts";
import { readQuota, readQuotas } from "./read-quota.ts";
import { sweepAbandoned } from "./reservations.ts";

const isRecent = (date: Date) => Math.abs(Date.now() - date.getTime()) < 60_000;

describe("the daily window", () => {
  it("reads a passed window as unused, without writing to the bucket", async () => {
    const accountId = await accountWithBucket({ usedTokens: 900, windowStart: hoursAgo(25) });
    const quota = await readQuota(accountId);
    expect(quota.usedTokens).toBe(0);
    expect(isRecent(quota.windowStart)).toBe(true);
    expect((await readQuotas([accountId])).get(accountId)).toMatchObject({ usedTokens: 0, period: "1 day" });
    expect((await bucketOf(accountId)).usedTokens).toBe(900);
  });

  it("restarts a passed window on the next reservation, which it then holds alone", async () => {
    const accountId = await accountWithBucket({ usedTokens: 900, windowStart: hoursAgo(25) });
    expect(await reserved(accountId, 300)).toMatchObject({ granted: 300, usedTokens: 300 });
    const bucket = await bucketOf(accountId);
    expect(bucket.usedTokens).toBe(300);
    expect(isRecent(bucket.windowStart)).toBe(true);
  });

  it("keeps counting in a window that has not passed", async () => {
    const accountId = await accountWithBucket({ usedTokens: 900, windowStart: hoursAgo(23) });
    const { windowStart } = await bucketOf(accountId);
    await reserved(accountId, 300);
    expect(await bucketOf(accountId)).toMatchObject({ usedTokens: 1_200, windowStart });
    expect((await readQuota(accountId)).usedTokens).toBe(1_200);
  });

  it("never carries a settlement's refund or charge into a window that started after its reservation", async () => {
    const accountId = await accountWithBucket();
    const held = await reserved(accountId, 5_000);
    // The window rolls while the request streams; the new window has its own usage.
    await db.quotaBucket.update({
      where: { accountId },
      data: { windowStart: new Date(Date.now() + 1_000), usedTokens: 700 },
    });
    await settleFor(held, 40);
    expect(await bucketOf(accountId)).toMatchObject({ usedTokens: 700, openStreams: 0 });
  });

  it("never releases a swept reservation into a window that started after it", async () => {
    const accountId = await accountWithBucket();
    const held = await reserved(accountId, 5_000);
    await db.quotaBucket.update({
      where: { accountId },
      data: { windowStart: new Date(Date.now() + 1_000), usedTokens: 700 },
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await sweepAbandoned({ silentForMs: 10, olderThanMs: 60_000 })).toBeGreaterThanOrEqual(1);
    expect(await db.usageLog.findUniqueOrThrow({ where: { id: held.usageLogId } })).toMatchObject({
      status: "failed",
    });
    expect(await bucketOf(accountId)).toMatchObject({ usedTokens: 700, openStreams: 0 });
  });
});
