import { db } from "../db.ts";
import { AppError } from "../errors.ts";

/**
 * The account's quota as the meter should show it: a bucket whose window has passed counts as
 * unused (the gateway's debit resets it in the same statement that charges the next request).
 */
export async function readQuota(accountId: string) {
  const [bucket] = await db.$queryRaw<
    { tier: "anon" | "free" | "pro"; limitTokens: number; usedTokens: number; windowStart: Date }[]
  >`
    SELECT tier,
           limit_tokens AS "limitTokens",
           CASE WHEN window_start + period::interval <= now() THEN 0 ELSE used_tokens END AS "usedTokens",
           CASE WHEN window_start + period::interval <= now() THEN now() ELSE window_start END AS "windowStart"
    FROM quota_buckets WHERE account_id = ${accountId}`;
  if (!bucket) throw new AppError("NOT_FOUND", "This account has no quota bucket.");
  return bucket;
}
