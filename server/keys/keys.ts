/** An account's own virtual keys: list (display prefix only), create (the raw secret once), revoke. */
import "server-only";
import { AppError } from "../app-error.ts";
import { db } from "../db.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { forgetKey } from "./authenticate-key.ts";
import { newKeySecret } from "./key-secret.ts";

export const MAX_ACTIVE_KEYS = 25;

const publicFields = {
  id: true,
  name: true,
  keyPrefix: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

type KeyRow = Prisma.VirtualKeyGetPayload<{ select: typeof publicFields }>;
const toPublic = ({ keyPrefix, ...rest }: KeyRow) => ({ ...rest, prefix: keyPrefix });

/** The account's own keys, newest first: display prefix only. */
export async function listAccountKeys(accountId: string) {
  const rows = await db.virtualKey.findMany({
    where: { accountId },
    select: publicFields,
    orderBy: { createdAt: "desc" },
  });
  return rows.map(toPublic);
}

/**
 * Creates a key; the raw secret is in the result and nowhere else, ever. Count and insert are
 * one transaction under a per-account lock, so creations that race cannot pass the cap together.
 */
export async function createKey(accountId: string, name: string) {
  const secret = newKeySecret();
  const row = await db.$transaction(async (tx) => {
    // A transaction-scoped advisory lock: it serializes one account's creations and nothing else.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`virtual_keys:${accountId}`}, 0))`;
    const active = await tx.virtualKey.count({ where: { accountId, revokedAt: null } });
    if (active >= MAX_ACTIVE_KEYS) {
      throw new AppError(
        "CONFLICT",
        `An account can have at most ${MAX_ACTIVE_KEYS} active keys; revoke one first.`,
      );
    }
    return tx.virtualKey.create({
      data: { accountId, name, keyPrefix: secret.prefix, keyHash: secret.hash },
      select: { id: true, name: true },
    });
  });
  return { ...row, prefix: secret.prefix, key: secret.key };
}

/** Revokes one of the account's keys. Another account's key is indistinguishable from a missing one. */
export async function revokeAccountKey(accountId: string, id: string) {
  const existing = await db.virtualKey.findFirst({ where: { id, accountId }, select: publicFields });
  if (!existing) throw new AppError("NOT_FOUND", "No such key.");
  if (existing.revokedAt) return toPublic(existing);
  const row = await db.virtualKey.update({
    where: { id },
    data: { revokedAt: new Date() },
    select: publicFields,
  });
  forgetKey(id);
  return toPublic(row);
}
