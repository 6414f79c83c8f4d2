/**
 * The changes an admin makes to a bucket. Each takes the caller's transaction and returns what it
 * replaced and what it wrote, so the caller records exactly that change in the same transaction
 * (server/admin/quota.ts writes the audit row).
 */
import "server-only";
import { AppError } from "../app-error.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { QuotaTier } from "../generated/prisma/enums.ts";
import { tierLimit } from "./tiers.ts";
import { CURRENT_USED } from "./window.ts";

/**
 * The bucket's row, locked until the transaction ends, so `before` is exactly what the change
 * replaced and no settlement lands in between (raw SQL: Prisma has no SELECT … FOR UPDATE).
 */
async function lockBucket(tx: Prisma.TransactionClient, accountId: string) {
  const [bucket] = await tx.$queryRaw<{ tier: QuotaTier; limitTokens: number; usedTokens: number }[]>`
    SELECT tier, limit_tokens AS "limitTokens", ${CURRENT_USED} AS "usedTokens"
    FROM quota_buckets WHERE account_id = ${accountId} FOR UPDATE`;
  if (!bucket) throw new AppError("NOT_FOUND", "This account has no quota bucket.");
  return bucket;
}

/** A new tier brings its own daily allowance, unless a limit is given with it. */
export async function setAllowance(
  tx: Prisma.TransactionClient,
  accountId: string,
  change: { tier?: QuotaTier; limitTokens?: number },
) {
  const { tier, limitTokens } = await lockBucket(tx, accountId);
  const after = {
    tier: change.tier ?? tier,
    limitTokens: change.limitTokens ?? (change.tier ? tierLimit(change.tier) : limitTokens),
  };
  await tx.quotaBucket.update({ where: { accountId }, data: after });
  return { before: { tier, limitTokens }, after };
}

/**
 * Forgets the current window's usage. Requests still streaming hold reservations that are part of
 * `used_tokens`, and their settlement will add (charged − reserved) to it; so the bucket keeps
 * exactly those reservations (open usage rows of this window, as settlement and the sweeper count
 * them) and each open request ends up charging what it really used. `open_streams` stays as it
 * is: it counts requests in flight, which settle it down themselves. Settlements wait on the
 * bucket lock, so none lands between reading the open rows and writing the total.
 */
export async function forgetUsage(tx: Prisma.TransactionClient, accountId: string) {
  const before = await lockBucket(tx, accountId);
  // One statement: the sum of open reservations is a subquery Prisma cannot express in an update.
  const [after] = await tx.$queryRaw<{ usedTokens: number }[]>`
    UPDATE quota_buckets b
    SET used_tokens = (
          SELECT coalesce(sum(u.reserved), 0)::int FROM usage_log u
          WHERE u.account_id = b.account_id AND u.status = 'open' AND u.created_at >= b.window_start),
        updated_at = now()
    WHERE b.account_id = ${accountId}
    RETURNING used_tokens AS "usedTokens"`;
  return { before: { usedTokens: before.usedTokens }, after: { usedTokens: after?.usedTokens ?? 0 } };
}
