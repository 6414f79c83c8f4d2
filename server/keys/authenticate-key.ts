import "server-only";
import { db } from "../db.ts";
import { logger } from "../logger.ts";
import { hashKey } from "./key-secret.ts";

/** The key's account comes with its ban fields, for the caller to judge. */
type KeyOwner = {
  keyId: string;
  accountId: string;
  account: { banned: boolean | null; banExpires: Date | null };
};

/**
 * Which account a key belongs to never changes, so a found key is remembered briefly and the hot
 * path skips a lookup. Revocation and bans are still enforced on every gateway request: the quota
 * reservation re-checks both in its own statement (server/quota/reservations.ts).
 */
const owners = new Map<string, KeyOwner & { until: number }>();
const REMEMBER_MS = 60_000;
const MAX_REMEMBERED = 10_000;

type KeyLookup = KeyOwner | { refused: "unknown" };

/**
 * The key's owner, or why there is none. `isBanned` is the caller's rule (server/auth/access.ts):
 * a banned account's key is not remembered, so lifting the ban takes effect at once.
 */
export async function findKeyOwner(
  rawKey: string,
  isBanned: (account: KeyOwner["account"]) => boolean,
): Promise<KeyLookup> {
  const hash = hashKey(rawKey);
  const remembered = owners.get(hash);
  if (remembered && remembered.until > Date.now()) {
    touchKey(remembered.keyId);
    return remembered;
  }
  const key = await db.virtualKey.findUnique({
    where: { keyHash: hash },
    select: {
      id: true,
      accountId: true,
      revokedAt: true,
      account: { select: { banned: true, banExpires: true } },
    },
  });
  if (!key || key.revokedAt) {
    owners.delete(hash);
    return { refused: "unknown" };
  }
  const owner = { keyId: key.id, accountId: key.accountId, account: key.account };
  if (isBanned(key.account)) return owner;
  if (owners.size >= MAX_REMEMBERED) owners.delete(owners.keys().next().value ?? "");
  owners.set(hash, { ...owner, until: Date.now() + REMEMBER_MS });
  touchKey(key.id);
  return owner;
}

/** Forgets a revoked key in this process at once (other instances forget it within a minute). */
export function forgetKey(keyId: string) {
  for (const [hash, owner] of owners) if (owner.keyId === keyId) owners.delete(hash);
}

const touched = new Map<string, number>();
const TOUCH_EVERY_MS = 60_000;

/** `last_used_at` to the minute: a busy key writes at most once a minute per instance. */
function touchKey(id: string) {
  const now = Date.now();
  if ((touched.get(id) ?? 0) > now - TOUCH_EVERY_MS) return;
  touched.set(id, now);
  db.$executeRaw`UPDATE virtual_keys SET last_used_at = now() WHERE id = ${id}::uuid`.catch(
    (error: unknown) => logger.warn({ err: error, keyId: id }, "could not record key use"),
  );
}
