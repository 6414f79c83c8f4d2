import { admin } from "better-auth/plugins";
import { expect, it } from "vitest";
import { authDb, db } from "../db.ts";
import { signInAdmin, signInUser } from "../test/admin.ts";

/** Everything an admin endpoint could change about the two users, and the audit trail. */
async function snapshot(ids: string[]) {
  const where = { userId: { in: ids } };
  return {
    users: await db.user.count(),
    people: await db.user.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } }),
    sessions: await db.session.findMany({
      where,
      select: { id: true, userId: true, expiresAt: true, impersonatedBy: true },
      orderBy: { id: "asc" },
    }),
    accounts: await db.account.findMany({
      where,
      select: { id: true, providerId: true, updatedAt: true },
      orderBy: { id: "asc" },
    }),
    audit: await db.adminAudit.count(),
  };
}

it("refuses every endpoint of Better Auth's admin plugin to an admin, and nothing changes", async () => {
  const actor = await signInAdmin();
  const target = await signInUser("target");
  const targetSession = await authDb.session.findFirstOrThrow({ where: { userId: target.id } });
  // What each endpoint needs to act on the target, so nothing but the switch stops it.
  const body = {
    userId: target.id,
    role: "admin",
    newPassword: "a-new-password-123",
    data: { name: "changed by an admin endpoint" },
    banReason: "no audit row",
    sessionToken: targetSession.token,
    email: `created-${crypto.randomUUID()}@example.com`,
    password: "a-password-123",
    name: "created by an admin endpoint",
    permissions: { user: ["impersonate"] },
  };
  const before = await snapshot([actor.id, target.id]);

  const endpoints = Object.values(admin().endpoints);
  expect(endpoints.map((e) => e.path)).toEqual(
    expect.arrayContaining(["/admin/impersonate-user", "/admin/set-user-password", "/admin/remove-user"]),
  );
  for (const endpoint of endpoints) {
    const response =
      endpoint.options.method === "GET"
        ? await actor.client.request(`${endpoint.path}?id=${target.id}&limit=100`)
        : await actor.client.request(endpoint.path, body);
    expect(response.status, endpoint.path).toBe(404);
  }

  expect(await snapshot([actor.id, target.id])).toEqual(before);
  // The admin is still who they were: no impersonated session took over the cookie.
  expect((await (await actor.client.request("/get-session")).json()).user.id).toBe(actor.id);
});
