import { randomBytes } from "node:crypto";
import type { AnyTRPCProcedure } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { authDb, db } from "../db.ts";
import { env } from "../env.ts";
import { signInAdmin, signInUser } from "../test/admin.ts";
import { TestAuthClient } from "../test/auth-client.ts";
import { createSessionWithCell } from "../test/factories.ts";
import { appRouter } from "./root.ts";

type Caller = Awaited<ReturnType<TestAuthClient["caller"]>>;

/**
 * Every admin procedure, read from the router itself: a new one cannot be left out below. At run
 * time `_def.procedures` is keyed by dotted path (what tRPC resolves calls with); its type
 * describes the nested routers instead.
 */
const procedures = appRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>;
const adminProcedures = Object.entries(procedures)
  .filter(([path]) => path.startsWith("admin."))
  .map(([path, procedure]) => ({ path, type: procedure._def.type }));

/** Calls a procedure by its dotted path. */
function call(api: Caller, path: string, input: unknown) {
  const procedure = path
    .split(".")
    .reduce((node: unknown, key) => (node as Record<string, unknown>)[key], api) as (
    input: unknown,
  ) => Promise<unknown>;
  return procedure(input);
}

const secret = (label: string) => `${label}-${randomBytes(24).toString("hex")}`;

/** A signed-in user with everything the admin can see: a key, OAuth and password accounts, a session with a cell, usage. */
async function target() {
  const user = await signInUser("target");
  const { key, id: keyId } = await user.api.keys.create({ name: "script" });
  await db.account.createMany({
    data: [
      {
        id: crypto.randomUUID(),
        accountId: `github-${crypto.randomUUID()}`,
        providerId: "github",
        userId: user.id,
        accessToken: secret("access"),
        refreshToken: secret("refresh"),
        idToken: secret("id-token"),
        scope: "read:user",
      },
      {
        id: crypto.randomUUID(),
        accountId: user.id,
        providerId: "credential",
        userId: user.id,
        password: secret("hash"),
      },
    ],
  });
  const { session } = await createSessionWithCell(user.id);
  await db.usageLog.create({
    data: {
      accountId: user.id,
      keyId,
      sessionId: session.id,
      provider: "openai",
      model: "gpt-5.4-mini",
      status: "settled",
      charged: 42,
    },
  });
  await db.quotaBucket.update({ where: { accountId: user.id }, data: { usedTokens: 42 } });
  const share = await user.api.shares.create({ sessionId: session.id });
  return { id: user.id, keyId, key, sessionId: session.id, shareId: share.id, shareToken: share.token };
}

type Target = Awaited<ReturnType<typeof target>>;

/** A valid input for every admin procedure, aimed at the target. */
const inputs = (t: Target): Record<string, unknown> => ({
  "admin.overview": undefined,
  "admin.users.list": { query: t.id, page: 1 },
  "admin.users.get": { id: t.id },
  "admin.users.ban": { id: t.id, reason: "authorization test" },
  "admin.users.unban": { id: t.id },
  "admin.users.setRole": { id: t.id, role: "user" },
  "admin.quota.list": { query: t.id, page: 1 },
  "admin.quota.update": { accountId: t.id, limitTokens: 1234 },
  "admin.quota.reset": { accountId: t.id },
  "admin.keys.list": { query: t.id, page: 1 },
  "admin.keys.revoke": { id: t.keyId },
  "admin.activity.list": { accountId: t.id, page: 1 },
  "admin.agent.sessions": { accountId: t.id, page: 1 },
  "admin.agent.transcript": { sessionId: t.sessionId },
  "admin.shares.list": { query: t.id, page: 1 },
  "admin.shares.revoke": { id: t.shareId },
  "admin.audit.list": { page: 1 },
});

/** What each call ends in: "ok" or the tRPC error code. */
async function outcomes(api: Caller, t: Target, paths: string[]) {
  const results: Record<string, string> = {};
  for (const path of paths) {
    results[path] = await call(api, path, inputs(t)[path]).then(
      () => "ok",
      (error: { code?: string }) => error.code ?? String(error),
    );
  }
  return results;
}

const allPaths = adminProcedures.map((procedure) => procedure.path);
const everyPath = (outcome: string) => Object.fromEntries(allPaths.map((path) => [path, outcome]));

let t: Target;
beforeAll(async () => {
  t = await target();
});

describe("admin procedures: who may call them", () => {
  it("has an input above for every admin procedure", () => {
    expect(allPaths.length).toBeGreaterThan(10);
    expect(Object.keys(inputs(t)).sort()).toEqual([...allPaths].sort());
  });

  it("answers NOT_FOUND to anyone but an admin, and changes nothing", async () => {
    const anonymous = new TestAuthClient();
    await anonymous.signInAnonymously();
    const anonymousWithRole = new TestAuthClient();
    const anonymousId = await anonymousWithRole.signInAnonymously();
    await db.user.update({ where: { id: anonymousId }, data: { role: "admin" } });
    const ordinary = await signInUser();
    const banned = await signInAdmin();
    await db.user.update({ where: { id: banned.id }, data: { banned: true, banReason: "test" } });
    const outsiders = {
      "signed out": new TestAuthClient(),
      anonymous,
      "anonymous with the admin role": anonymousWithRole,
      "ordinary signed-in user": ordinary.client,
      "banned admin": banned.client,
    };

    for (const [who, client] of Object.entries(outsiders)) {
      expect({ who, outcomes: await outcomes(await client.caller(), t, allPaths) }).toEqual({
        who,
        outcomes: everyPath("NOT_FOUND"),
      });
    }
    const user = await db.user.findUniqueOrThrow({ where: { id: t.id } });
    expect(user).toMatchObject({ banned: false, role: "user" });
    expect((await db.virtualKey.findUniqueOrThrow({ where: { id: t.keyId } })).revokedAt).toBeNull();
    expect((await db.quotaBucket.findUniqueOrThrow({ where: { accountId: t.id } })).limitTokens).not.toBe(
      1234,
    );
    expect((await db.sessionShare.findUniqueOrThrow({ where: { id: t.shareId } })).revokedAt).toBeNull();
    expect(await db.adminAudit.count({ where: { targetId: { in: [t.id, t.keyId, t.shareId] } } })).toBe(0);
  });

  it("lets in an admin by ADMIN_EMAILS and an admin by role", async () => {
    const [adminEmail] = env.ADMIN_EMAILS;
    expect(adminEmail).toBeDefined();
    const byEmail = new TestAuthClient();
    await byEmail.signInWithEmail(adminEmail ?? "");
    const byRole = await signInAdmin();

    expect(await outcomes(await byEmail.caller(), t, allPaths)).toEqual(everyPath("ok"));
    expect(await outcomes(await byRole.client.caller(), t, allPaths)).toEqual(everyPath("ok"));
    const actions = await db.adminAudit.findMany({
      where: { targetId: { in: [t.id, t.keyId, t.shareId] } },
      select: { action: true },
    });
    // The second admin's writes changed nothing more (same ban reason, limit, reset, revoked key),
    // except banning and unbanning again.
    expect(actions.map((a) => a.action).sort()).toEqual(
      [
        "key.revoke",
        "quota.reset",
        "quota.update",
        "share.revoke",
        "user.ban",
        "user.ban",
        "user.unban",
        "user.unban",
      ].sort(),
    );
  });
});

describe("admin reads never carry a secret", () => {
  it("leaves out key hashes, raw keys, session tokens, OAuth tokens and passwords", async () => {
    const fresh = await target();
    const admin = await signInAdmin();
    const [sessions, accounts, keys] = await Promise.all([
      authDb.session.findMany({ select: { token: true } }),
      authDb.account.findMany({
        select: { accessToken: true, refreshToken: true, idToken: true, password: true },
      }),
      authDb.virtualKey.findMany({ select: { keyHash: true } }),
    ]);
    const shareHashes = await authDb.sessionShare.findMany({ select: { tokenHash: true } });
    const secrets = [
      fresh.key,
      ...sessions.map((s) => s.token),
      ...accounts.flatMap((a) => [a.accessToken, a.refreshToken, a.idToken, a.password]),
      ...keys.map((k) => k.keyHash),
      fresh.shareToken,
      ...shareHashes.map((share) => share.tokenHash),
    ].filter((value): value is string => Boolean(value));
    expect(secrets.length).toBeGreaterThan(5);

    const reads = adminProcedures.filter((procedure) => procedure.type === "query");
    expect(reads.length).toBeGreaterThan(5);
    for (const { path } of reads) {
      const answer = JSON.stringify(await call(admin.api, path, inputs(fresh)[path]));
      if (path !== "admin.overview" && path !== "admin.audit.list") expect(answer, path).toContain(fresh.id);
      expect(
        secrets.filter((value) => answer.includes(value)),
        path,
      ).toEqual([]);
    }
  });
});
