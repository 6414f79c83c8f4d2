import "server-only";
import { db } from "../db.ts";
import { newKeySecret } from "../keys/key-secret.ts";
import { createBucket } from "../quota/buckets.ts";
import { initialTier } from "../quota/tiers.ts";

/**
 * Gives a new account its quota bucket and one virtual key. Idempotent: creating the bucket
 * decides, inside one transaction, whether this call is the first; only the first creates the key.
 */
export async function seedAccount(user: { id: string; isAnonymous?: boolean | null }) {
  const tier = initialTier(Boolean(user.isAnonymous));
  await db.$transaction(async (tx) => {
    if (!(await createBucket(tx, user.id, tier))) return;
    const secret = newKeySecret();
    await tx.virtualKey.create({
      data: { accountId: user.id, name: "default", keyPrefix: secret.prefix, keyHash: secret.hash },
    });
  });
}
