import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db.ts";
import { signInAdmin, signInUser } from "../test/admin.ts";
import { TestAuthClient } from "../test/auth-client.ts";

let admin: Awaited<ReturnType<typeof signInAdmin>>;
beforeAll(async () => {
  admin = await signInAdmin();
});

const auditOf = (targetId: string) =>
  db.adminAudit.findMany({ where: { targetId }, orderBy: { createdAt: "asc" } });

describe("banning and unbanning", () => {
  it("bans: signs the user out, sets the ban, refuses new sign-ins, and audits before/after", async () => {
    const target = await signInUser("banned");
    await (await target.client.caller()).account.me();
    expect(await db.session.count({ where: { userId: target.id } })).toBe(1);

    const result = await admin.api.admin.users.ban({
      id: target.id,
      reason: "spam, and worse",
      expiresInDays: 7,
    });

    expect(result).toMatchObject({ id: target.id, banned: true, banReason: "spam, and worse" });
    const expires = result.banExpires?.getTime() ?? 0;
    expect(Math.abs(expires - (Date.now() + 7 * 86_400_000))).toBeLessThan(60_000);
    expect(await db.session.count({ where: { userId: target.id } })).toBe(0);
    await expect((await target.client.caller()).account.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(new TestAuthClient().signInWithEmail(target.email)).rejects.toThrow(/403/);

    const [entry, ...more] = await auditOf(target.id);
    expect(more).toEqual([]);
    expect(entry).toMatchObject({
      actorId: admin.id,
      actorEmail: admin.email,
      action: "user.ban",
      targetType: "user",
      before: { banned: false, banReason: null, banExpires: null },
      after: { banned: true, banReason: "spam, and worse", banExpires: result.banExpires?.toISOString() },
    });
  });

  it("unbans: lifts the ban, audits it, and the user can sign in again", async () => {
    const target = await signInUser("unbanned");
    await admin.api.admin.users.ban({ id: target.id, reason: "mistake" });
    const result = await admin.api.admin.users.unban({ id: target.id });

    expect(result).toMatchObject({ banned: false, banReason: null, banExpires: null });
    const entries = await auditOf(target.id);
    expect(entries.map((e) => e.action)).toEqual(["user.ban", "user.unban"]);
    expect(entries[1]).toMatchObject({
      before: { banned: true, banReason: "mistake" },
      after: { banned: false, banReason: null },
    });
    // banExpires stayed null: only changed fields are recorded
    expect(Object.keys(entries[1]?.after ?? {}).sort()).toEqual(["banReason", "banned"]);
    await expect(new TestAuthClient().signInWithEmail(target.email)).resolves.toBe(target.id);
  });

  it("refuses to ban yourself, and NOT_FOUND for a user who does not exist", async () => {
    await expect(admin.api.admin.users.ban({ id: admin.id, reason: "oops" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).banned).toBe(false);
    await expect(admin.api.admin.users.ban({ id: "no-such-user", reason: "x" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(admin.api.admin.users.ban({ id: admin.id, reason: " " })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});

describe("roles", () => {
  it("promotes and demotes, audited; the new admin is let in", async () => {
    const target = await signInUser("promoted");
    await admin.api.admin.users.setRole({ id: target.id, role: "admin" });
    await expect((await target.client.caller()).admin.audit.list({ page: 1 })).resolves.toBeDefined();
    await admin.api.admin.users.setRole({ id: target.id, role: "user" });
    await expect((await target.client.caller()).admin.audit.list({ page: 1 })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const entries = await auditOf(target.id);
    expect(entries.map((e) => [e.action, e.before, e.after])).toEqual([
      ["user.role", { role: "user" }, { role: "admin" }],
      ["user.role", { role: "admin" }, { role: "user" }],
    ]);
  });

  it("refuses to demote yourself or to promote an anonymous account", async () => {
    await expect(admin.api.admin.users.setRole({ id: admin.id, role: "user" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("admin");
    const anonymousId = await new TestAuthClient().signInAnonymously();
    await expect(admin.api.admin.users.setRole({ id: anonymousId, role: "admin" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(
      admin.api.admin.users.setRole({ id: admin.id, role: "owner" as "admin" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

describe("every admin write is one transaction with its audit row", () => {
  afterEach(async () => {
    await db.$executeRaw`DROP TRIGGER IF EXISTS fail_audit ON admin_audit`;
    await db.$executeRaw`DROP FUNCTION IF EXISTS fail_audit()`;
  });

  it("leaves the target untouched when the audit row cannot be written", async () => {
    const target = await signInUser("untouched");
    const { id: keyId } = await target.api.keys.create({ name: "kept" });
    await db.$executeRaw`CREATE FUNCTION fail_audit() RETURNS trigger LANGUAGE plpgsql AS
      'BEGIN RAISE EXCEPTION ''audit unavailable''; END'`;
    await db.$executeRaw`CREATE TRIGGER fail_audit BEFORE INSERT ON admin_audit
      FOR EACH ROW EXECUTE FUNCTION fail_audit()`;
    const bucket = await db.quotaBucket.findUniqueOrThrow({ where: { accountId: target.id } });
    await db.quotaBucket.update({ where: { accountId: target.id }, data: { usedTokens: 700 } });

    const attempts = [
      () => admin.api.admin.users.ban({ id: target.id, reason: "x" }),
      () => admin.api.admin.users.setRole({ id: target.id, role: "admin" }),
      () => admin.api.admin.quota.update({ accountId: target.id, tier: "pro" }),
      () => admin.api.admin.quota.reset({ accountId: target.id }),
      () => admin.api.admin.keys.revoke({ id: keyId }),
    ];
    for (const attempt of attempts) {
      await expect(attempt()).rejects.toMatchObject({ code: "INTERNAL_SERVER_ERROR" });
    }

    const user = await db.user.findUniqueOrThrow({ where: { id: target.id } });
    expect(user).toMatchObject({ banned: false, banReason: null, role: "user" });
    expect(await db.session.count({ where: { userId: target.id } })).toBe(1);
    expect(await db.quotaBucket.findUniqueOrThrow({ where: { accountId: target.id } })).toMatchObject({
      tier: bucket.tier,
      limitTokens: bucket.limitTokens,
      usedTokens: 700,
    });
    expect((await db.virtualKey.findUniqueOrThrow({ where: { id: keyId } })).revokedAt).toBeNull();
    expect(await auditOf(target.id)).toEqual([]);
  });
});

describe("reading users", () => {
  it("lists newest first and finds users by email, name or id, ignoring case", async () => {
    const older = await signInUser("findable");
    const newer = await signInUser("findable");
    const anonymousId = await new TestAuthClient().signInAnonymously();

    const byEmail = await admin.api.admin.users.list({ query: older.email.toUpperCase(), page: 1 });
    expect(byEmail.items.map((u) => u.id)).toEqual([older.id]);
    expect(byEmail).toMatchObject({ total: 1, page: 1, pageSize: 25 });
    expect(byEmail.items[0]).toMatchObject({
      email: older.email,
      isAnonymous: false,
      role: "user",
      banned: false,
      tier: "free",
      usedTokens: 0,
      limitTokens: expect.any(Number),
    });
    expect((await admin.api.admin.users.list({ query: newer.id, page: 1 })).items.map((u) => u.id)).toEqual([
      newer.id,
    ]);

    const newest = await admin.api.admin.users.list({ page: 1, pageSize: 3 });
    expect(newest.items.map((u) => u.id)).toEqual([anonymousId, newer.id, older.id]);
    expect(newest.items[0]).toMatchObject({ email: null, isAnonymous: true, tier: "anon" });
    expect(newest.total).toBeGreaterThanOrEqual(3);
    const second = await admin.api.admin.users.list({ page: 2, pageSize: 1 });
    expect(second.items.map((u) => u.id)).toEqual([newer.id]);

    await expect(admin.api.admin.users.list({ page: 1, pageSize: 101 })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(admin.api.admin.users.list({ page: 0 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("shows one user with sign-in methods, sessions, quota, keys and analyses", async () => {
    const target = await signInUser("detailed");
    const { id: keyId } = await target.api.keys.create({ name: "notebook" });
    const analysis = await db.agentSession.create({ data: { accountId: target.id, title: "Penguins" } });
    // Email codes create no account row; a linked GitHub account does.
    await db.account.create({
      data: {
        id: crypto.randomUUID(),
        accountId: "gh-1234",
        providerId: "github",
        userId: target.id,
        accessToken: "gho_secret",
      },
    });

    const detail = await admin.api.admin.users.get({ id: target.id });

    expect(detail.user).toMatchObject({
      id: target.id,
      email: target.email,
      banned: false,
      banExpires: null,
    });
    expect(detail.accounts).toEqual([
      { providerId: "github", accountId: "gh-1234", createdAt: expect.any(Date) },
    ]);
    expect(detail.sessions).toHaveLength(1);
    expect(Object.keys(detail.sessions[0] ?? {}).sort()).toEqual(
      ["createdAt", "expiresAt", "id", "ipAddress", "userAgent"].sort(),
    );
    expect(detail.quota).toMatchObject({ tier: "free", usedTokens: 0 });
    expect(detail.keys.map((k) => k.id)).toContain(keyId);
    expect(Object.keys(detail.keys[0] ?? {}).sort()).toEqual(
      ["createdAt", "id", "lastUsedAt", "name", "prefix", "revokedAt"].sort(),
    );
    expect(detail.agentSessions).toEqual([
      { id: analysis.id, title: "Penguins", createdAt: analysis.createdAt, updatedAt: analysis.updatedAt },
    ]);
    await expect(admin.api.admin.users.get({ id: "nobody" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("lists the audit trail newest first, in pages", async () => {
    const target = await signInUser("audited");
    await admin.api.admin.users.setRole({ id: target.id, role: "admin" });
    await admin.api.admin.users.setRole({ id: target.id, role: "user" });
    const page = await admin.api.admin.audit.list({ page: 1, pageSize: 2 });
    expect(page.items.map((e) => [e.targetId, e.after])).toEqual([
      [target.id, { role: "user" }],
      [target.id, { role: "admin" }],
    ]);
    expect(page.total).toBeGreaterThanOrEqual(2);
    expect(Object.keys(page.items[0] ?? {}).sort()).toEqual(
      [
        "action",
        "actorEmail",
        "actorId",
        "after",
        "before",
        "createdAt",
        "id",
        "targetId",
        "targetType",
      ].sort(),
    );
  });
});
