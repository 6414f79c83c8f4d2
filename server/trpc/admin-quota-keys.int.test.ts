import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../db.ts";
import { env } from "../env.ts";
import { shapeKey } from "../sync/embedded/change-log.ts";
import { changeLog } from "../sync/embedded/replication.ts";
import { signInAdmin, signInUser } from "../test/admin.ts";

let admin: Awaited<ReturnType<typeof signInAdmin>>;
beforeAll(async () => {
  admin = await signInAdmin();
});

const bucketOf = (accountId: string) => db.quotaBucket.findUniqueOrThrow({ where: { accountId } });

/** The latest change the live meter's change log holds for an account's bucket. */
async function lastLogged(accountId: string) {
  const log = await changeLog();
  return log
    .changesAfter(shapeKey("quota_buckets", accountId), log.floor, (sizes) => sizes.length)
    .changes.at(-1);
}

describe("quota buckets", () => {
  it("lists buckets with their owner and the current window, found by email", async () => {
    const target = await signInUser("bucket");
    await db.quotaBucket.update({ where: { accountId: target.id }, data: { usedTokens: 1500 } });
    const listed = await admin.api.admin.quota.list({ query: target.email, page: 1 });
    expect(listed.total).toBe(1);
    expect(listed.items).toEqual([
      {
        accountId: target.id,
        email: target.email,
        name: expect.any(String),
        isAnonymous: false,
        tier: "free",
        limitTokens: env.QUOTA_TOKENS_FREE,
        usedTokens: 1500,
        windowStart: expect.any(Date),
        period: "1 day",
      },
    ]);

    // A window that has passed reads as unused, as on the user's own meter.
    await db.quotaBucket.update({
      where: { accountId: target.id },
      data: { windowStart: new Date(Date.now() - 25 * 3600_000) },
    });
    const stale = await admin.api.admin.quota.list({ query: target.id, page: 1 });
    expect(stale.items[0]?.usedTokens).toBe(0);
  });

  it("updates tier and limit in the synced row, audited; a tier alone brings its allowance", async () => {
    const target = await signInUser("upgraded");
    const bucket = await bucketOf(target.id);
    await changeLog(); // streaming from here on

    const upgraded = await admin.api.admin.quota.update({ accountId: target.id, tier: "pro" });
    expect(upgraded).toMatchObject({ accountId: target.id, tier: "pro", limitTokens: env.QUOTA_TOKENS_PRO });
    expect(await bucketOf(target.id)).toMatchObject({ tier: "pro", limitTokens: env.QUOTA_TOKENS_PRO });
    // The live meter reads quota_buckets through the change log: the update reaches it.
    await vi.waitFor(async () =>
      expect(await lastLogged(target.id)).toMatchObject({
        operation: "update",
        value: { id: bucket.id, tier: "pro", limit_tokens: String(env.QUOTA_TOKENS_PRO) },
      }),
    );

    await admin.api.admin.quota.update({ accountId: target.id, limitTokens: 5000 });
    await admin.api.admin.quota.update({ accountId: target.id, tier: "anon", limitTokens: 7000 });
    expect(await bucketOf(target.id)).toMatchObject({ tier: "anon", limitTokens: 7000 });

    const audit = await db.adminAudit.findMany({
      where: { targetId: target.id },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((e) => [e.action, e.before, e.after])).toEqual([
      [
        "quota.update",
        { tier: "free", limitTokens: env.QUOTA_TOKENS_FREE },
        { tier: "pro", limitTokens: env.QUOTA_TOKENS_PRO },
      ],
      ["quota.update", { limitTokens: env.QUOTA_TOKENS_PRO }, { limitTokens: 5000 }],
      ["quota.update", { tier: "pro", limitTokens: 5000 }, { tier: "anon", limitTokens: 7000 }],
    ]);
  });

  it("rejects an empty or bad update, and NOT_FOUND for an account without a bucket", async () => {
    const target = await signInUser("unchanged");
    await expect(admin.api.admin.quota.update({ accountId: target.id })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      admin.api.admin.quota.update({ accountId: target.id, tier: "gold" as "pro" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      admin.api.admin.quota.update({ accountId: target.id, limitTokens: -1 }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(admin.api.admin.quota.reset({ accountId: "nobody" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("resets usage, audited", async () => {
    // What a reset keeps of requests still streaming is the bucket's rule:
    // server/quota/bucket-changes.int.test.ts.
    const target = await signInUser("reset");
    await db.quotaBucket.update({ where: { accountId: target.id }, data: { usedTokens: 500 } });

    const reset = await admin.api.admin.quota.reset({ accountId: target.id });
    expect(reset).toMatchObject({ accountId: target.id, usedTokens: 0, limitTokens: env.QUOTA_TOKENS_FREE });
    expect(await bucketOf(target.id)).toMatchObject({ usedTokens: 0, openStreams: 0 });
    const entries = await db.adminAudit.findMany({ where: { targetId: target.id, action: "quota.reset" } });
    expect(entries).toEqual([
      expect.objectContaining({ actorId: admin.id, before: { usedTokens: 500 }, after: { usedTokens: 0 } }),
    ]);
  });
});

describe("keys", () => {
  it("lists every account's keys with their owner, found by the owner's email", async () => {
    const owner = await signInUser("keyholder");
    const { id, prefix } = await owner.api.keys.create({ name: "pipeline" });
    const listed = await admin.api.admin.keys.list({ query: owner.email, page: 1 });
    expect(listed.items.map((k) => k.id)).toContain(id);
    expect(listed.items.find((k) => k.id === id)).toEqual({
      id,
      name: "pipeline",
      prefix,
      ownerId: owner.id,
      ownerEmail: owner.email,
      ownerName: expect.any(String),
      createdAt: expect.any(Date),
      lastUsedAt: null,
      revokedAt: null,
    });
    const byPrefix = await admin.api.admin.keys.list({ query: prefix, page: 1 });
    expect(byPrefix.items.map((k) => k.id)).toContain(id);
  });

  it("revokes any account's key once, audited; NOT_FOUND for an unknown key", async () => {
    const owner = await signInUser("revoked");
    const { id } = await owner.api.keys.create({ name: "leaked" });
    const revoked = await admin.api.admin.keys.revoke({ id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    const again = await admin.api.admin.keys.revoke({ id });
    expect(again.revokedAt).toEqual(revoked.revokedAt);

    const audit = await db.adminAudit.findMany({ where: { targetId: id } });
    expect(audit).toEqual([
      expect.objectContaining({
        action: "key.revoke",
        targetType: "key",
        actorId: admin.id,
        before: { revokedAt: null },
        after: { revokedAt: revoked.revokedAt?.toISOString() },
      }),
    ]);
    await expect(admin.api.admin.keys.revoke({ id: crypto.randomUUID() })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(admin.api.admin.keys.revoke({ id: "not-a-uuid" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});
