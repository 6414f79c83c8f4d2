import { db } from "../db.ts";
import { logger } from "../logger.ts";
import { hashKey } from "./key-secret.ts";

/** The owner of an active key, or null for an unknown or revoked one. */
export async function findKeyOwner(rawKey: string) {
  const key = await db.virtualKey.findUnique({
    where: { keyHash: hashKey(rawKey) },
    select: {
      id: true,
      accountId: true,
      revokedAt: true,
      account: { select: { banned: true, banExpires: true, email: true } },
    },
  });
  if (!key || key.revokedAt) return null;
  void touchKey(key.id);
  return { keyId: key.id, accountId: key.accountId, user: key.account };
}

/** `last_used_at` to the minute: a busy key does not write on every request. */
async function touchKey(id: string) {
  try {
    await db.$executeRaw`
      UPDATE virtual_keys SET last_used_at = now()
      WHERE id = ${id}::uuid AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`;
  } catch (error) {
    logger.warn({ err: error, keyId: id }, "could not record key use");
  }
}
