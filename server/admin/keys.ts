/** Every account's virtual keys: display prefix only (the hash never leaves the database), revoke. */
import "server-only";
import { AppError } from "../app-error.ts";
import { db } from "../db.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { forgetKey } from "../keys/authenticate-key.ts";
import { type Actor, recordChange } from "./audit.ts";
import { containing, emailOf, ownerFields, type PageRequest, paged, skipTake } from "./listing.ts";

const keyFields = {
  id: true,
  name: true,
  keyPrefix: true,
  accountId: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  account: { select: ownerFields },
} as const;

type KeyRow = Prisma.VirtualKeyGetPayload<{ select: typeof keyFields }>;

const toView = ({ keyPrefix, accountId, account, ...key }: KeyRow) => ({
  ...key,
  prefix: keyPrefix,
  ownerId: accountId,
  ownerEmail: emailOf(account),
  ownerName: account.name,
});

/** Newest first; `query` matches the key's name or prefix, or its owner's id, email or name. */
export async function listAllKeys(request: PageRequest & { query?: string }) {
  const { query } = request;
  const where: Prisma.VirtualKeyWhereInput = query
    ? {
        OR: [
          { name: containing(query) },
          { keyPrefix: containing(query) },
          { accountId: containing(query) },
          { account: { OR: [{ email: containing(query) }, { name: containing(query) }] } },
        ],
      }
    : {};
  const [keys, total] = await Promise.all([
    db.virtualKey.findMany({
      where,
      select: keyFields,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...skipTake(request),
    }),
    db.virtualKey.count({ where }),
  ]);
  return paged(keys.map(toView), total, request);
}

/**
 * Revokes any account's key; revoking a revoked key changes (and records) nothing. The gateway's
 * reservation re-checks revocation, so the key stops working on its very next request.
 */
export async function revokeAnyKey(actor: Actor, input: { id: string }) {
  const { id } = input;
  await db.$transaction(async (tx) => {
    const revokedAt = new Date();
    // Conditional on still being active, so two admins revoking at once record it once.
    const revoked = await tx.virtualKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt } });
    if (revoked.count === 0) return;
    await recordChange(
      tx,
      actor,
      { action: "key.revoke", targetType: "key", targetId: id },
      { revokedAt: null },
      { revokedAt },
    );
  });
  // This process's owner cache at once; other instances drop it within its minute.
  forgetKey(id);
  const key = await db.virtualKey.findUnique({ where: { id }, select: keyFields });
  if (!key) throw new AppError("NOT_FOUND", "No such key.");
  return toView(key);
}
