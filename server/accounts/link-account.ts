/**
 * Upgrade in place: when an anonymous visitor signs in, everything the anonymous account owns
 * moves to the signed-in account in one transaction, before Better Auth deletes the anonymous
 * user. A failure rolls everything back and leaves the anonymous account whole (sign-in can be
 * retried); a retry after a success finds nothing left to move.
 */
import "server-only";
import { db } from "../db.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { lockBucketPair, mergeBuckets } from "../quota/buckets.ts";

const OWNED_TABLES = [
  "agent_sessions",
  "agent_messages",
  "agent_tool_calls",
  "usage_log",
  "virtual_keys",
] as const;

export async function linkAnonymousAccount(anonymousId: string, targetId: string) {
  if (anonymousId === targetId) return;
  await db.$transaction(async (tx) => {
    // The buckets first: they are locked while the rows move (server/quota/buckets.ts).
    const buckets = await lockBucketPair(tx, anonymousId, targetId);
    for (const table of OWNED_TABLES) {
      await tx.$executeRaw`UPDATE ${Prisma.raw(table)} SET account_id = ${targetId} WHERE account_id = ${anonymousId}`;
    }
    await mergeBuckets(tx, buckets);
  });
}
