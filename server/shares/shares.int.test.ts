import { describe, expect, it } from "vitest";
import { linkAnonymousAccount } from "../accounts/link-account.ts";
import { authDb, db } from "../db.ts";
import { signInAdmin, signInUser } from "../test/admin.ts";
import { TestAuthClient } from "../test/auth-client.ts";
import { createSessionWithCell } from "../test/factories.ts";
import { createTRPCContext } from "../trpc/init.ts";
import { createCaller } from "../trpc/root.ts";
import { hashShareToken } from "./share-token.ts";
import { MAX_ACTIVE_SHARES, resolveShare } from "./shares.ts";

async function ownerWithSession() {
  const owner = await signInUser("owner");
  const { session } = await createSessionWithCell(owner.id, "Shared analysis");
  return { ...owner, sessionId: session.id };
}

describe("shares", () => {
  it("creates a link whose token is shown once and stored hashed, and opens the session with it", async () => {
    const owner = await ownerWithSession();
    const share = await owner.api.shares.create({ sessionId: owner.sessionId });
    expect(share.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(share.path).toBe(`/s/${share.token}`);
    expect(share.prefix).toBe(share.token.slice(0, 6));
    const row = await authDb.sessionShare.findUniqueOrThrow({ where: { id: share.id } });
    expect(row.tokenHash).toBe(hashShareToken(share.token));
    expect(JSON.stringify(row)).not.toContain(share.token);
    expect(await resolveShare(share.token)).toBe(owner.sessionId);

    const listed = await owner.api.shares.list({ sessionId: owner.sessionId });
    expect(listed).toEqual([
      {
        id: share.id,
        sessionId: owner.sessionId,
        sessionTitle: "Shared analysis",
        prefix: share.prefix,
        createdAt: expect.any(Date),
        revokedAt: null,
      },
    ]);
    expect(JSON.stringify(listed)).not.toContain(share.token);
  });

  it("stops a revoked link at once, and an unknown or malformed token opens nothing", async () => {
    const owner = await ownerWithSession();
    const share = await owner.api.shares.create({ sessionId: owner.sessionId });
    const revoked = await owner.api.shares.revoke({ id: share.id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    expect(await resolveShare(share.token)).toBeNull();
    expect(await resolveShare(`${share.token.slice(0, 31)}x`)).toBeNull();
    expect(await resolveShare("not a token")).toBeNull();
    expect(await resolveShare("")).toBeNull();
  });

  it("lets no other account create, list or revoke links to a session", async () => {
    const owner = await ownerWithSession();
    const share = await owner.api.shares.create({ sessionId: owner.sessionId });
    const other = await signInUser("other");
    await expect(other.api.shares.create({ sessionId: owner.sessionId })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(other.api.shares.revoke({ id: share.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await other.api.shares.list({ sessionId: owner.sessionId })).toEqual([]);
    expect(await other.api.shares.list()).toEqual([]);
    expect(await resolveShare(share.token)).toBe(owner.sessionId);

    const signedOut = createCaller(await createTRPCContext({ headers: new Headers() }));
    await expect(signedOut.shares.create({ sessionId: owner.sessionId })).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });

  it("stops a banned owner's links while the ban lasts", async () => {
    const owner = await ownerWithSession();
    const share = await owner.api.shares.create({ sessionId: owner.sessionId });
    await db.user.update({ where: { id: owner.id }, data: { banned: true, banReason: "abuse" } });
    expect(await resolveShare(share.token)).toBeNull();
    await db.user.update({ where: { id: owner.id }, data: { banExpires: new Date(Date.now() - 1000) } });
    expect(await resolveShare(share.token)).toBe(owner.sessionId);
  });

  it("lets anonymous accounts share, and keeps their links through an upgrade in place", async () => {
    const visitor = new TestAuthClient();
    const anonymousId = await visitor.signInAnonymously();
    const { session } = await createSessionWithCell(anonymousId);
    const share = await (await visitor.caller()).shares.create({ sessionId: session.id });

    const target = await signInUser("upgraded");
    await linkAnonymousAccount(anonymousId, target.id);
    await authDb.user.delete({ where: { id: anonymousId } });

    expect(await resolveShare(share.token)).toBe(session.id);
    expect((await target.api.shares.list()).map((item) => item.id)).toEqual([share.id]);
  });

  it("caps the working links of one session", async () => {
    const owner = await ownerWithSession();
    const shares = [];
    for (let i = 0; i < MAX_ACTIVE_SHARES; i++)
      shares.push(await owner.api.shares.create({ sessionId: owner.sessionId }));
    await expect(owner.api.shares.create({ sessionId: owner.sessionId })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining("revoke one first"),
    });
    await owner.api.shares.revoke({ id: shares[0]?.id ?? "" });
    await expect(owner.api.shares.create({ sessionId: owner.sessionId })).resolves.toMatchObject({
      sessionId: owner.sessionId,
    });
  });

  it("lets an admin list and revoke anyone's link, audited once", async () => {
    const owner = await ownerWithSession();
    const share = await owner.api.shares.create({ sessionId: owner.sessionId });
    const admin = await signInAdmin();
    const listed = await admin.api.admin.shares.list({ query: owner.email, page: 1 });
    expect(listed.items).toEqual([
      expect.objectContaining({
        id: share.id,
        ownerId: owner.id,
        ownerEmail: owner.email,
        sessionTitle: "Shared analysis",
      }),
    ]);
    await admin.api.admin.shares.revoke({ id: share.id });
    await admin.api.admin.shares.revoke({ id: share.id });
    expect(await resolveShare(share.token)).toBeNull();
    const audit = await db.adminAudit.findMany({ where: { targetId: share.id } });
    expect(audit).toEqual([
      expect.objectContaining({
        action: "share.revoke",
        targetType: "share",
        actorId: admin.id,
        before: { revokedAt: null },
        after: { revokedAt: expect.any(String) },
      }),
    ]);
    await expect(admin.api.admin.shares.revoke({ id: crypto.randomUUID() })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
