import { describe, expect, it } from "vitest";
import { db } from "../db.ts";
import { env } from "../env.ts";
import { TestAuthClient } from "../test/auth-client.ts";
import { seedAccount } from "./seed-account.ts";

async function holdings(accountId: string) {
  const [keys, buckets] = await Promise.all([
    db.virtualKey.findMany({ where: { accountId } }),
    db.quotaBucket.findMany({ where: { accountId } }),
  ]);
  return { keys, buckets };
}

describe("account seeding", () => {
  it("gives a new anonymous user exactly one key and one anon bucket", async () => {
    const userId = await new TestAuthClient().signInAnonymously();
    const { keys, buckets } = await holdings(userId);
    expect(keys).toHaveLength(1);
    expect(buckets).toHaveLength(1);
    expect(buckets[0]).toMatchObject({ tier: "anon", limitTokens: env.QUOTA_TOKENS_ANON, usedTokens: 0 });
  });

  it("is idempotent, even when called concurrently", async () => {
    const userId = await new TestAuthClient().signInAnonymously();
    await Promise.all(Array.from({ length: 5 }, () => seedAccount({ id: userId, isAnonymous: true })));
    const { keys, buckets } = await holdings(userId);
    expect(keys).toHaveLength(1);
    expect(buckets).toHaveLength(1);
  });

  it("starts a user who signs up with an email code on the free tier", async () => {
    const client = new TestAuthClient();
    const email = `new-${crypto.randomUUID()}@example.com`;
    expect(
      (await client.request("/email-otp/send-verification-otp", { email, type: "sign-in" })).status,
    ).toBe(200);
    const { readDevMailbox } = await import("../auth/dev-mailbox.ts");
    const message = await readDevMailbox(email);
    expect(message?.code).toMatch(/^\d{6}$/);

    const response = await client.request("/sign-in/email-otp", { email, otp: message?.code });
    expect(response.status).toBe(200);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(user.isAnonymous).toBe(false);
    const { keys, buckets } = await holdings(user.id);
    expect(keys).toHaveLength(1);
    expect(buckets[0]).toMatchObject({ tier: "free", limitTokens: env.QUOTA_TOKENS_FREE });
  });
});
