import { afterEach, describe, expect, it } from "vitest";
import { readDevMailbox } from "../auth/dev-mailbox.ts";
import { db } from "../db.ts";
import { env } from "../env.ts";
import { TestAuthClient } from "../test/auth-client.ts";
import { createSessionWithCell } from "../test/factories.ts";

const OWNED = ["agentSession", "agentMessage", "agentToolCall", "usageLog", "virtualKey"] as const;

/** How many rows of each kind an account owns. */
async function holdings(accountId: string) {
  const counts = await Promise.all([
    db.agentSession.count({ where: { accountId } }),
    db.agentMessage.count({ where: { accountId } }),
    db.agentToolCall.count({ where: { accountId } }),
    db.usageLog.count({ where: { accountId } }),
    db.virtualKey.count({ where: { accountId } }),
  ]);
  return Object.fromEntries(OWNED.map((name, i) => [name, counts[i]])) as Record<
    (typeof OWNED)[number],
    number
  >;
}

/** Gives an account a session with a message and a tool call, a settled usage row, a key and usage. */
async function withHistory(client: TestAuthClient, accountId: string, used: number) {
  await createSessionWithCell(accountId, `history of ${accountId}`);
  await db.usageLog.create({
    data: { accountId, provider: "openai", model: "gpt-5.4-mini", status: "settled", charged: used },
  });
  await (await client.caller()).keys.create({ name: "script" });
  await db.quotaBucket.update({ where: { accountId }, data: { usedTokens: used } });
}

async function signInWithCode(client: TestAuthClient, email: string) {
  const sent = await client.request("/email-otp/send-verification-otp", { email, type: "sign-in" });
  expect(sent.status).toBe(200);
  const code = (await readDevMailbox(email))?.code;
  return client.request("/sign-in/email-otp", { email, otp: code });
}

const sum = (a: Record<string, number>, b: Record<string, number>) =>
  Object.fromEntries(Object.keys(a).map((k) => [k, (a[k] ?? 0) + (b[k] ?? 0)]));

describe("signing in upgrades the anonymous account in place", () => {
  afterEach(async () => {
    await db.$executeRawUnsafe("DROP TRIGGER IF EXISTS fail_link ON virtual_keys");
  });

  it("moves everything into a new account and carries the usage over on the free tier", async () => {
    const visitor = new TestAuthClient();
    const anonymousId = await visitor.signInAnonymously();
    await withHistory(visitor, anonymousId, 500);
    const before = await holdings(anonymousId);

    const email = `new-${crypto.randomUUID()}@example.com`;
    expect((await signInWithCode(visitor, email)).status).toBe(200);

    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(await db.user.findUnique({ where: { id: anonymousId } })).toBeNull();
    // The new account's own seeded key joins the anonymous account's keys.
    expect(await holdings(user.id)).toEqual({ ...before, virtualKey: before.virtualKey + 1 });
    expect(await holdings(anonymousId)).toEqual({
      agentSession: 0,
      agentMessage: 0,
      agentToolCall: 0,
      usageLog: 0,
      virtualKey: 0,
    });
    expect(await db.quotaBucket.findUnique({ where: { accountId: anonymousId } })).toBeNull();
    expect(await db.quotaBucket.findUniqueOrThrow({ where: { accountId: user.id } })).toMatchObject({
      tier: "free",
      limitTokens: env.QUOTA_TOKENS_FREE,
      usedTokens: 500,
    });
    const me = await (await visitor.caller()).account.me();
    expect(me.user).toMatchObject({ id: user.id, isAnonymous: false, email });
  });

  // Every case of how two buckets merge (tier, limit, windows): server/quota/buckets.int.test.ts.
  it("merges into an existing account with history, keeping both histories and a higher tier", async () => {
    const email = `existing-${crypto.randomUUID()}@example.com`;
    const owner = new TestAuthClient();
    expect((await signInWithCode(owner, email)).status).toBe(200);
    const ownerId = (await db.user.findUniqueOrThrow({ where: { email } })).id;
    await withHistory(owner, ownerId, 300);
    await db.quotaBucket.update({
      where: { accountId: ownerId },
      data: { tier: "pro", limitTokens: 5_000_000 },
    });
    const ownerBefore = await holdings(ownerId);

    const visitor = new TestAuthClient();
    const anonymousId = await visitor.signInAnonymously();
    await withHistory(visitor, anonymousId, 500);
    const anonymousBefore = await holdings(anonymousId);

    expect((await signInWithCode(visitor, email)).status).toBe(200);
    expect(await holdings(ownerId)).toEqual(sum(ownerBefore, anonymousBefore));
    expect(await db.quotaBucket.findUniqueOrThrow({ where: { accountId: ownerId } })).toMatchObject({
      tier: "pro",
      limitTokens: 5_000_000,
      usedTokens: 800,
    });
    expect(await db.user.findUnique({ where: { id: anonymousId } })).toBeNull();
  });

  it("moves nothing and keeps the anonymous account when the link fails, and a retry then succeeds", async () => {
    const visitor = new TestAuthClient();
    const anonymousId = await visitor.signInAnonymously();
    await withHistory(visitor, anonymousId, 500);
    const before = await holdings(anonymousId);
    // A failure in the middle of the move: the keys are the last rows it touches.
    await db.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION fail_link() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'forced failure while linking'; END; $$`);
    await db.$executeRawUnsafe(`
      CREATE TRIGGER fail_link BEFORE UPDATE OF account_id ON virtual_keys
      FOR EACH ROW WHEN (OLD.account_id = '${anonymousId}') EXECUTE FUNCTION fail_link()`);

    const email = `retry-${crypto.randomUUID()}@example.com`;
    const failed = await signInWithCode(visitor, email);
    expect(failed.ok).toBe(false);
    expect(await db.user.findUnique({ where: { id: anonymousId } })).not.toBeNull();
    expect(await holdings(anonymousId)).toEqual(before);
    expect((await db.quotaBucket.findUniqueOrThrow({ where: { accountId: anonymousId } })).usedTokens).toBe(
      500,
    );
    expect((await (await visitor.caller()).account.me()).user.id).toBe(anonymousId);

    await db.$executeRawUnsafe("DROP TRIGGER fail_link ON virtual_keys");
    expect((await signInWithCode(visitor, email)).status).toBe(200);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect((await holdings(user.id)).agentSession).toBe(before.agentSession);
  });
});
