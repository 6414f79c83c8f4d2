import "server-only";
import { AppError } from "../app-error.ts";
import { db } from "../db.ts";
import type { QuotaTier } from "../generated/prisma/enums.ts";
import { CURRENT_START, CURRENT_USED } from "./window.ts";

type QuotaView = { tier: QuotaTier; limitTokens: number; usedTokens: number; windowStart: Date };

/** The account's quota as the meter shows it (a passed window reads as unused). */
export async function readQuota(accountId: string) {
  const [bucket] = await db.$queryRaw<QuotaView[]>`
    SELECT tier, limit_tokens AS "limitTokens", ${CURRENT_USED} AS "usedTokens",
           ${CURRENT_START} AS "windowStart"
    FROM quota_buckets WHERE account_id = ${accountId}`;
  if (!bucket) throw new AppError("NOT_FOUND", "This account has no quota bucket.");
  return bucket;
}

/** The same view of many accounts at once (admin lists), with the window's length, by account. */
export async function readQuotas(accountIds: string[]) {
  const rows = accountIds.length
    ? await db.$queryRaw<(QuotaView & { accountId: string; period: string })[]>`
        SELECT account_id AS "accountId", tier, limit_tokens AS "limitTokens",
               ${CURRENT_USED} AS "usedTokens", ${CURRENT_START} AS "windowStart", period
        FROM quota_buckets WHERE account_id = ANY(${accountIds}::text[])`
    : [];
  return new Map(rows.map(({ accountId, ...quota }) => [accountId, quota]));
}
