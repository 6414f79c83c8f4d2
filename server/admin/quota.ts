/**
 * Quota buckets for admins: list, change tier or limit, reset usage. The bucket rules are in
 * server/quota/bucket-changes.ts; here each change is audited in its transaction.
 */
import "server-only";
import { db } from "../db.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { QuotaTier } from "../generated/prisma/enums.ts";
import { forgetUsage, setAllowance } from "../quota/bucket-changes.ts";
import { readQuota, readQuotas } from "../quota/read-quota.ts";
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

/** A new tier brings its own daily allowance, unless a limit is given with it (`setAllowance`). */
export async function updateBucket(
  actor: Actor,
  input: { accountId: string; tier?: QuotaTier; limitTokens?: number },
) {
  const { accountId } = input;
  await db.$transaction(async (tx) => {
    const { before, after } = await setAllowance(tx, accountId, input);
    await recordChange(
      tx,
      actor,
      { action: "quota.update", targetType: "user", targetId: accountId },
      before,
      after,
    );
  });
  return { accountId, ...(await readQuota(accountId)) };
}

/** Forgets the current window's usage but what requests still streaming reserved (`forgetUsage`). */
export async function resetUsage(actor: Actor, input: { accountId: string }) {
  const { accountId } = input;
  await db.$transaction(async (tx) => {
    const { before, after } = await forgetUsage(tx, accountId);
    await recordChange(
      tx,
      actor,
      { action: "quota.reset", targetType: "user", targetId: accountId },
      before,
      after,
    );
  });
  return { accountId, ...(await readQuota(accountId)) };
}
