/** Quota buckets: list, change tier or limit, reset usage — each change audited in its transaction. */
import { db } from "../db.ts";
import { AppError } from "../errors.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { QuotaTier } from "../generated/prisma/enums.ts";
import { readQuota, readQuotas } from "../quota/read-quota.ts";
import { tierLimit } from "../quota/tiers.ts";
import { CURRENT_USED } from "../quota/window.ts";
import { type Actor, recordChange } from "./audit.ts";
import { containing, emailOf, ownerFields, type PageRequest, paged, skipTake } from "./listing.ts";

/** Most recently active first (every debit and settlement touches `updated_at`). */
export async function listBuckets(request: PageRequest & { query?: string }) {
  const { query } = request;
  const where: Prisma.QuotaBucketWhereInput = query
    ? {
        OR: [
          { accountId: containing(query) },
          { account: { OR: [{ email: containing(query) }, { name: containing(query) }] } },
        ],
      }
    : {};
  const [buckets, total] = await Promise.all([
    db.quotaBucket.findMany({
      where,
      select: { accountId: true, account: { select: ownerFields } },
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      ...skipTake(request),
    }),
    db.quotaBucket.count({ where }),
  ]);
  const quotas = await readQuotas(buckets.map((bucket) => bucket.accountId));
  const items = buckets.flatMap(({ accountId, account }) => {
    const quota = quotas.get(accountId);
    // A bucket deleted between the two reads (its account was) is left out.
    if (!quota) return [];
    return [
      {
        accountId,
        email: emailOf(account),
        name: account.name,
        isAnonymous: Boolean(account.isAnonymous),
        ...quota,
      },
    ];
  });
  return paged(items, total, request);
}

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
export async function updateBucket(
  actor: Actor,
  input: { accountId: string; tier?: QuotaTier; limitTokens?: number },
) {
  const { accountId } = input;
  await db.$transaction(async (tx) => {
    const { tier, limitTokens } = await lockBucket(tx, accountId);
    const after = {
      tier: input.tier ?? tier,
      limitTokens: input.limitTokens ?? (input.tier ? tierLimit(input.tier) : limitTokens),
    };
    await tx.quotaBucket.update({ where: { accountId }, data: after });
    await recordChange(
      tx,
      actor,
      { action: "quota.update", targetType: "user", targetId: accountId },
      { tier, limitTokens },
      after,
    );
  });
  return { accountId, ...(await readQuota(accountId)) };
}

/**
 * Forgets the current window's usage. Requests still streaming hold reservations that are part of
 * `used_tokens`, and their settlement will add (charged − reserved) to it; so the bucket keeps
 * exactly those reservations (open usage rows of this window, as settlement and the sweeper count
 * them) and each open request ends up charging what it really used. `open_streams` stays as it
 * is: it counts requests in flight, which settle it down themselves. Settlements wait on the
 * bucket lock, so none lands between reading the open rows and writing the total.
 */
export async function resetUsage(actor: Actor, input: { accountId: string }) {
  const { accountId } = input;
  await db.$transaction(async (tx) => {
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
    await recordChange(
      tx,
      actor,
      { action: "quota.reset", targetType: "user", targetId: accountId },
      { usedTokens: before.usedTokens },
      { usedTokens: after?.usedTokens ?? 0 },
    );
  });
  return { accountId, ...(await readQuota(accountId)) };
}
