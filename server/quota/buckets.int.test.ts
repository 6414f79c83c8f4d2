import { describe, expect, it } from "vitest";
import { db } from "../db.ts";
import { env } from "../env.ts";
import { accountWithBucket, bucketOf, hoursAgo } from "../test/quota.ts";
import { createBucket, lockBucketPair, mergeBuckets } from "./buckets.ts";

/** A user row without a bucket (every sign-in seeds one). */
async function userWithoutBucket() {
  const id = crypto.randomUUID();
  await db.user.create({ data: { id, name: "Bucketless", email: `${id}@example.com` } });
  return id;
}

/** Merges as linking does: lock both buckets, then fold `fromId`'s into `toId`'s. */
const merge = (fromId: string, toId: string) =>
  db.$transaction(async (tx) => mergeBuckets(tx, await lockBucketPair(tx, fromId, toId)));

describe("creating a bucket", () => {
  it("gives the tier's allowance once, even to concurrent calls", async () => {
    const accountId = await userWithoutBucket();
    const created = await Promise.all(
      Array.from({ length: 5 }, () => db.$transaction((tx) => createBucket(tx, accountId, "free"))),
    );
    expect(created.filter(Boolean)).toHaveLength(1);
    expect(await db.quotaBucket.findMany({ where: { accountId } })).toEqual([
      expect.objectContaining({
        tier: "free",
        limitTokens: env.QUOTA_TOKENS_FREE,
        usedTokens: 0,
        openStreams: 0,
      }),
    ]);
  });

  it("leaves an existing bucket as it is", async () => {
    const accountId = await accountWithBucket({ usedTokens: 300 });
    const before = await bucketOf(accountId);
    expect(await db.$transaction((tx) => createBucket(tx, accountId, "pro"))).toBe(false);
    expect(await bucketOf(accountId)).toEqual(before);
  });

  it("is undone with the caller's transaction", async () => {
    const accountId = await userWithoutBucket();
    await expect(
      db.$transaction(async (tx) => {
        await createBucket(tx, accountId, "anon");
        throw new Error("the caller's next write failed");
      }),
    ).rejects.toThrow("the caller's next write failed");
    expect(await db.quotaBucket.findUnique({ where: { accountId } })).toBeNull();
  });
});

describe("merging the anonymous bucket on sign-in", () => {
  it("carries the usage and the streams in flight over, and deletes the anonymous bucket", async () => {
    const fromId = await accountWithBucket({ usedTokens: 500, openStreams: 1 });
    const toId = await accountWithBucket({ usedTokens: 300, openStreams: 2 });
    const bystander = await accountWithBucket({ usedTokens: 42 });
    const untouched = await bucketOf(bystander);

    await merge(fromId, toId);
    expect(await db.quotaBucket.findUnique({ where: { accountId: fromId } })).toBeNull();
    expect(await bucketOf(toId)).toMatchObject({ usedTokens: 800, openStreams: 3 });
    expect(await bucketOf(bystander)).toEqual(untouched);
  });

  it("raises the tier to free unless the account had more, and keeps the larger limit", async () => {
    const cases = [
      {
        to: { tier: "anon", limitTokens: env.QUOTA_TOKENS_ANON },
        tier: "free",
        limit: env.QUOTA_TOKENS_FREE,
      },
      { to: { tier: "anon", limitTokens: 500_000 }, tier: "free", limit: 500_000 },
      { to: { tier: "free", limitTokens: 1_000 }, tier: "free", limit: env.QUOTA_TOKENS_FREE },
      { to: { tier: "pro", limitTokens: 5_000_000 }, tier: "pro", limit: 5_000_000 },
      { to: { tier: "pro", limitTokens: 1_000 }, tier: "pro", limit: env.QUOTA_TOKENS_PRO },
    ] as const;
    for (const { to, tier, limit } of cases) {
      const fromId = await accountWithBucket({ limitTokens: 9_000_000 });
      const toId = await accountWithBucket(to);
      await merge(fromId, toId);
      expect({ to, bucket: await bucketOf(toId) }).toMatchObject({
        to,
        bucket: { tier, limitTokens: limit },
      });
    }
  });

  it("counts a passed window as empty and keeps the earliest window still running", async () => {
    const stale = await accountWithBucket({ usedTokens: 900, windowStart: hoursAgo(25) });
    const recent = await accountWithBucket({ usedTokens: 300, windowStart: hoursAgo(2) });
    const running = await bucketOf(recent);
    await merge(stale, recent);
    expect(await bucketOf(recent)).toMatchObject({ usedTokens: 300, windowStart: running.windowStart });

    const earlier = await accountWithBucket({ usedTokens: 100, windowStart: hoursAgo(5) });
    const later = await accountWithBucket({ usedTokens: 200, windowStart: hoursAgo(1) });
    const started = await bucketOf(earlier);
    await merge(earlier, later);
    expect(await bucketOf(later)).toMatchObject({ usedTokens: 300, windowStart: started.windowStart });
  });

  it("starts a new window when both have passed", async () => {
    const fromId = await accountWithBucket({ usedTokens: 900, windowStart: hoursAgo(30) });
    const toId = await accountWithBucket({ usedTokens: 700, windowStart: hoursAgo(26) });
    await merge(fromId, toId);
    const bucket = await bucketOf(toId);
    expect(bucket.usedTokens).toBe(0);
    expect(Date.now() - bucket.windowStart.getTime()).toBeLessThan(60_000);
  });

  it("gives an account without a bucket the anonymous one's usage, on the free tier", async () => {
    const fromId = await accountWithBucket({ usedTokens: 400, openStreams: 1, windowStart: hoursAgo(3) });
    const { windowStart } = await bucketOf(fromId);
    const toId = await userWithoutBucket();
    await merge(fromId, toId);
    expect(await bucketOf(toId)).toMatchObject({
      tier: "free",
      limitTokens: env.QUOTA_TOKENS_FREE,
      usedTokens: 400,
      openStreams: 1,
      windowStart,
    });
    expect(await db.quotaBucket.findUnique({ where: { accountId: fromId } })).toBeNull();
  });

  it("changes nothing when the anonymous account has no bucket (a retried link)", async () => {
    const fromId = await userWithoutBucket();
    const toId = await accountWithBucket({ usedTokens: 250 });
    const before = await bucketOf(toId);
    await merge(fromId, toId);
    expect(await bucketOf(toId)).toEqual(before);
  });
});
