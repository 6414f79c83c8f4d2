import { describe, expect, it } from "vitest";
import { db } from "../db.ts";
import { env } from "../env.ts";
import { TestAuthClient } from "../test/auth-client.ts";
import { createTRPCContext } from "./init.ts";
import { createCaller } from "./root.ts";

describe("account.me", () => {
  it("describes the signed-in anonymous user and their quota", async () => {
    const client = new TestAuthClient();
    const id = await client.signInAnonymously();
    const me = await (await client.caller()).account.me();
    expect(me.user).toEqual({ id, isAnonymous: true, email: null, name: expect.any(String) });
    expect(me.quota).toMatchObject({ tier: "anon", limitTokens: env.QUOTA_TOKENS_ANON, usedTokens: 0 });
    expect(me.quota.windowStart).toBeInstanceOf(Date);
  });

  it("shows a window that has passed as unused", async () => {
    const client = new TestAuthClient();
    const id = await client.signInAnonymously();
    await db.quotaBucket.update({
      where: { accountId: id },
      data: { usedTokens: 500, windowStart: new Date(Date.now() - 25 * 3600_000) },
    });
    const { quota } = await (await client.caller()).account.me();
    expect(quota.usedTokens).toBe(0);
    expect(Date.now() - quota.windowStart.getTime()).toBeLessThan(60_000);
  });

  it("refuses a caller without a session with UNAUTHORIZED", async () => {
    const api = createCaller(await createTRPCContext({ headers: new Headers() }));
    await expect(api.account.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(api.keys.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(api.keys.create({ name: "x" })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("refuses a banned user with FORBIDDEN, and lets them back in once the ban lapses", async () => {
    const client = new TestAuthClient();
    const id = await client.signInAnonymously();
    await db.user.update({ where: { id }, data: { banned: true, banReason: "abuse" } });
    await expect((await client.caller()).account.me()).rejects.toMatchObject({ code: "FORBIDDEN" });

    await db.user.update({ where: { id }, data: { banExpires: new Date(Date.now() - 1000) } });
    await expect((await client.caller()).account.me()).resolves.toMatchObject({ user: { id } });
  });
});
