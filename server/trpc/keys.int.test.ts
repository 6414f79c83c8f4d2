import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { db } from "../db.ts";
import { hashKey } from "../keys/key-secret.ts";
import { MAX_ACTIVE_KEYS } from "../keys/keys.ts";
import { TestAuthClient } from "../test/auth-client.ts";

async function newAccount() {
  const client = new TestAuthClient();
  const id = await client.signInAnonymously();
  return { id, api: await client.caller() };
}

describe("keys router", () => {
  it("creates a key whose raw secret is returned once and only its hash is stored", async () => {
    const { id, api } = await newAccount();
    const created = await api.keys.create({ name: "notebook" });

    expect(created.key).toMatch(/^sk-ada-[\w-]{32}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    const stored = await db.virtualKey.findUniqueOrThrow({
      where: { id: created.id },
      select: { keyHash: true, accountId: true },
    });
    expect(stored).toEqual({ keyHash: hashKey(created.key), accountId: id });

    const listed = await api.keys.list();
    const entry = listed.find((key) => key.id === created.id);
    expect(entry).toMatchObject({ name: "notebook", prefix: created.prefix, revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(JSON.stringify(listed)).not.toContain(hashKey(created.key));
    expect(Object.keys(entry ?? {}).sort()).toEqual(
      ["createdAt", "id", "lastUsedAt", "name", "prefix", "revokedAt"].sort(),
    );
  });

  it("revokes the caller's own key, idempotently", async () => {
    const { api } = await newAccount();
    const { id } = await api.keys.create({ name: "temp" });
    const revoked = await api.keys.revoke({ id });
    expect(revoked.revokedAt).toBeInstanceOf(Date);
    const again = await api.keys.revoke({ id });
    expect(again.revokedAt).toEqual(revoked.revokedAt);
  });

  it("never lists or revokes another account's key", async () => {
    const alice = await newAccount();
    const bob = await newAccount();
    const { id } = await alice.api.keys.create({ name: "alice's" });

    expect((await bob.api.keys.list()).map((key) => key.id)).not.toContain(id);
    await expect(bob.api.keys.revoke({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const row = await db.virtualKey.findUniqueOrThrow({ where: { id } });
    expect(row.revokedAt).toBeNull();
  });

  it("rejects bad input with BAD_REQUEST and the Zod issues", async () => {
    const { api } = await newAccount();
    const error = await api.keys.create({ name: "   " }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("BAD_REQUEST");
    await expect(api.keys.revoke({ id: "not-a-uuid" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("caps the number of active keys", async () => {
    const { id, api } = await newAccount();
    const active = await db.virtualKey.count({ where: { accountId: id, revokedAt: null } });
    await Promise.all(
      Array.from({ length: MAX_ACTIVE_KEYS - active }, (_, i) => api.keys.create({ name: `k${i}` })),
    );
    await expect(api.keys.create({ name: "one too many" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("never passes the cap, however many creations race", async () => {
    const { id, api } = await newAccount();
    const active = await db.virtualKey.count({ where: { accountId: id, revokedAt: null } });
    const attempts = await Promise.allSettled(
      Array.from({ length: MAX_ACTIVE_KEYS + 10 }, (_, i) => api.keys.create({ name: `race ${i}` })),
    );
    const created = attempts.filter((attempt) => attempt.status === "fulfilled");
    const refused = attempts.flatMap((attempt) => (attempt.status === "rejected" ? [attempt.reason] : []));
    expect(created).toHaveLength(MAX_ACTIVE_KEYS - active);
    for (const reason of refused) expect(reason).toMatchObject({ code: "CONFLICT" });
    expect(await db.virtualKey.count({ where: { accountId: id, revokedAt: null } })).toBe(MAX_ACTIVE_KEYS);
  });

  it("refuses a name the database cannot store (NUL), and stores nothing", async () => {
    const { id, api } = await newAccount();
    const before = await db.virtualKey.count({ where: { accountId: id } });
    await expect(api.keys.create({ name: "bad\u0000name" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "name contains a NUL character (U+0000).",
    });
    expect(await db.virtualKey.count({ where: { accountId: id } })).toBe(before);
  });
});
