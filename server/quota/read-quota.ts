import { db } from "../db.ts";
import { AppError } from "../errors.ts";
import type { QuotaTier } from "../generated/prisma/enums.ts";
import { CURRENT_START, CURRENT_USED } from "./window.ts";

/** The account's quota as the meter shows it (a passed window reads as unused). */
export async function readQuota(accountId: string) {
  const [bucket] = await db.$queryRaw<
    { tier: QuotaTier; limitTokens: number; usedTokens: number; windowStart: Date }[]
  >`
    SELECT tier, limit_tokens AS "limitTokens", ${CURRENT_USED} AS "usedTokens",
           ${CURRENT_START} AS "windowStart"
    FROM quota_buckets WHERE account_id = ${accountId}`;
  if (!bucket) throw new AppError("NOT_FOUND", "This account has no quota bucket.");
  return bucket;
}
