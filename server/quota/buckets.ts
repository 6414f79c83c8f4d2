/**
 * A bucket's life outside the gateway: created with its account, merged when an anonymous visitor
 * signs in. Each takes the caller's transaction, so the bucket changes commit (or roll back)
 * together with the caller's other writes (the account's key, the rows that move with it).
 */
import "server-only";
import type { Prisma } from "../generated/prisma/client.ts";
import type { QuotaTier } from "../generated/prisma/enums.ts";
import { tierLimit } from "./tiers.ts";
import { CURRENT_USED, WINDOW_OVER } from "./window.ts";

type Tx = Pick<Prisma.TransactionClient, "$executeRaw" | "$queryRaw">;

/**
 * Gives the account its bucket on `tier`'s allowance. Idempotent: the unique account_id decides,
 * so of concurrent calls exactly one returns true, and an existing bucket is left as it is.
 */
export async function createBucket(tx: Tx, accountId: string, tier: QuotaTier) {
  const inserted = await tx.$executeRaw`
    INSERT INTO quota_buckets (account_id, tier, limit_tokens)
    VALUES (${accountId}, ${tier}::quota_tier, ${tierLimit(tier)})
    ON CONFLICT (account_id) DO NOTHING`;
  return inserted > 0;
}

type LockedBucket = {
  account_id: string;
  tier: QuotaTier;
  limit_tokens: number;
  /** Usage of the current window (a passed window counts as empty). */
  used: number;
  window_start: Date;
  window_over: boolean;
  open_streams: number;
};

/** Both buckets of a link, read and locked by `lockBucketPair` for `mergeBuckets`. */
type BucketPair = { from?: LockedBucket; to?: LockedBucket; toId: string };

/**
 * Locks the two buckets, in a fixed order so two links can never deadlock each other, and reads
 * them. Call it before moving the account's other rows: a reservation for `fromId` waits on this
 * lock, so none can start on the old account while its rows move.
 */
export async function lockBucketPair(tx: Tx, fromId: string, toId: string): Promise<BucketPair> {
  const buckets = await tx.$queryRaw<LockedBucket[]>`
    SELECT account_id, tier, limit_tokens, open_streams, window_start,
           ${WINDOW_OVER} AS window_over, ${CURRENT_USED} AS used
    FROM quota_buckets WHERE account_id IN (${fromId}, ${toId})
    ORDER BY account_id FOR UPDATE`;
  return {
    from: buckets.find((b) => b.account_id === fromId),
    to: buckets.find((b) => b.account_id === toId),
    toId,
  };
}

const tierRank: Record<QuotaTier, number> = { anon: 0, free: 1, pro: 2 };

/**
 * Folds the `from` bucket into the `to` bucket (created if it has none) and deletes it. Usage in
 * the current window carries over, so signing in never resets it; the tier rises to `free` unless
 * the account already had more, and the limit is the larger of the account's and that tier's.
 * Requests in flight on either account keep their stream slots. Nothing happens without a `from`.
 */
export async function mergeBuckets(tx: Tx, { from, to, toId }: BucketPair) {
  if (!from) return;
  const tier: QuotaTier = to && tierRank[to.tier] > tierRank.free ? to.tier : "free";
  const live = [from, to].filter((b): b is LockedBucket => Boolean(b) && !b?.window_over);
  const windowStart = live.length
    ? new Date(Math.min(...live.map((b) => b.window_start.getTime())))
    : new Date();
  const merged = {
    tier,
    limit: Math.max(to?.limit_tokens ?? 0, tierLimit(tier)),
    used: from.used + (to?.used ?? 0),
    openStreams: from.open_streams + (to?.open_streams ?? 0),
  };
  await tx.$executeRaw`DELETE FROM quota_buckets WHERE account_id = ${from.account_id}`;
  await tx.$executeRaw`
    INSERT INTO quota_buckets (account_id, tier, limit_tokens, used_tokens, window_start, open_streams)
    VALUES (${toId}, ${merged.tier}::quota_tier, ${merged.limit}, ${merged.used}, ${windowStart}, ${merged.openStreams})
    ON CONFLICT (account_id) DO UPDATE SET tier = EXCLUDED.tier, limit_tokens = EXCLUDED.limit_tokens,
      used_tokens = EXCLUDED.used_tokens, window_start = EXCLUDED.window_start,
      open_streams = EXCLUDED.open_streams, updated_at = now()`;
}
