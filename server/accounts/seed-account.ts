import { db } from "../db.ts";
import { newKeySecret } from "../keys/key-secret.ts";
import { initialTier, tierLimit } from "../quota/tiers.ts";

/**
 * Gives a new account its quota bucket and one virtual key. Idempotent: the bucket's unique
 * account_id decides, inside one transaction, whether this call is the first; only the first
 * creates the key.
 */
export async function seedAccount(user: { id: string; isAnonymous?: boolean | null }) {
  const tier = initialTier(Boolean(user.isAnonymous));
  await db.$transaction(async (tx) => {
    const inserted = await tx.$executeRaw`
      INSERT INTO quota_buckets (account_id, tier, limit_tokens)
      VALUES (${user.id}, ${tier}::quota_tier, ${tierLimit(tier)})
      ON CONFLICT (account_id) DO NOTHING`;
    if (inserted === 0) return;
    const secret = newKeySecret();
    await tx.virtualKey.create({
      data: { accountId: user.id, name: "default", keyPrefix: secret.prefix, keyHash: secret.hash },
    });
  });
}
