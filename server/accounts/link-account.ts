/**
 * Upgrade in place: when an anonymous visitor signs in, everything the anonymous account owns
 * moves to the signed-in account in one transaction, before Better Auth deletes the anonymous
 * user. A failure rolls everything back and leaves the anonymous account whole (sign-in can be
 * retried); a retry after a success finds nothing left to move.
 */
import { db } from "../db.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { QuotaTier } from "../generated/prisma/enums.ts";
import { tierLimit } from "../quota/tiers.ts";

const OWNED_TABLES = [
  "agent_sessions",
  "agent_messages",
  "agent_tool_calls",
  "usage_log",
  "virtual_keys",
] as const;
const tierRank: Record<QuotaTier, number> = { anon: 0, free: 1, pro: 2 };

type Bucket = {
  account_id: string;
  tier: QuotaTier;
  limit_tokens: number;
  used: number;
  window_start: Date;
  window_over: boolean;
  open_streams: number;
};

export async function linkAnonymousAccount(anonymousId: string, targetId: string) {
  if (anonymousId === targetId) return;
  await db.$transaction(async (tx) => {
    // Both buckets locked, in a fixed order so two links can never deadlock each other.
    const buckets = await tx.$queryRaw<Bucket[]>`
      SELECT account_id, tier, limit_tokens, open_streams, window_start,
             window_start + period::interval <= now() AS window_over,
             CASE WHEN window_start + period::interval <= now() THEN 0 ELSE used_tokens END AS used
      FROM quota_buckets WHERE account_id IN (${anonymousId}, ${targetId})
      ORDER BY account_id FOR UPDATE`;
    for (const table of OWNED_TABLES) {
      await tx.$executeRaw`UPDATE ${Prisma.raw(table)} SET account_id = ${targetId} WHERE account_id = ${anonymousId}`;
    }
    const from = buckets.find((b) => b.account_id === anonymousId);
    const to = buckets.find((b) => b.account_id === targetId);
    if (!from) return;
    // Usage in the current window carries over, so signing in never resets it; the tier rises
    // to `free` unless the account already had more.
    const tier: QuotaTier = to && tierRank[to.tier] > tierRank.free ? to.tier : "free";
    const live = [from, to].filter((b): b is Bucket => Boolean(b) && !b?.window_over);
    const windowStart = live.length
      ? new Date(Math.min(...live.map((b) => b.window_start.getTime())))
      : new Date();
    const merged = {
      tier,
      limit: Math.max(to?.limit_tokens ?? 0, tierLimit(tier)),
      used: from.used + (to?.used ?? 0),
      openStreams: from.open_streams + (to?.open_streams ?? 0),
    };
    await tx.$executeRaw`DELETE FROM quota_buckets WHERE account_id = ${anonymousId}`;
    await tx.$executeRaw`
      INSERT INTO quota_buckets (account_id, tier, limit_tokens, used_tokens, window_start, open_streams)
      VALUES (${targetId}, ${merged.tier}::quota_tier, ${merged.limit}, ${merged.used}, ${windowStart}, ${merged.openStreams})
      ON CONFLICT (account_id) DO UPDATE SET tier = EXCLUDED.tier, limit_tokens = EXCLUDED.limit_tokens,
        used_tokens = EXCLUDED.used_tokens, window_start = EXCLUDED.window_start,
        open_streams = EXCLUDED.open_streams, updated_at = now()`;
  });
}
