/**
 * What an account stores: the bytes of its transcripts and cells (each row's `stored_bytes`),
 * capped at MAX_STORAGE_BYTES (MAX_STORAGE_BYTES_ANON for anonymous accounts). Writers that add to it hold the account's storage lock until they
 * commit, so concurrent writes cannot each see room and pass the cap together.
 */
import "server-only";
import { AppError } from "../app-error.ts";
import { env } from "../env.ts";
import type { Prisma } from "../generated/prisma/client.ts";

/** UTF-8 bytes of the texts, as Postgres stores them. */
export function utf8Bytes(...texts: (string | null | undefined)[]) {
  let total = 0;
  for (const text of texts) if (text) total += Buffer.byteLength(text, "utf8");
  return total;
}

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

async function storage(tx: Prisma.TransactionClient, accountId: string) {
  const [row] = await tx.$queryRaw<{ bytes: bigint; anonymous: boolean | null }[]>`
    SELECT (SELECT coalesce(sum(stored_bytes), 0) FROM agent_messages WHERE account_id = ${accountId})
         + (SELECT coalesce(sum(stored_bytes), 0) FROM agent_tool_calls WHERE account_id = ${accountId})
           AS bytes,
           (SELECT is_anonymous FROM "user" WHERE id = ${accountId}) AS anonymous`;
  // Anonymous accounts cost nothing to make, so they may keep less.
  const limit = row?.anonymous ? env.MAX_STORAGE_BYTES_ANON : env.MAX_STORAGE_BYTES;
  return { used: Number(row?.bytes ?? 0), limit };
}

/**
 * Makes room for `adding` bytes in the transaction: takes the account's storage lock, then refuses
 * (413) when the account would pass its cap. Writing nothing needs no room.
 */
export async function claimStorage(
  tx: Prisma.TransactionClient,
  accountId: string,
  adding: number,
  what: "message" | "cell result",
) {
  if (adding === 0) return;
  // A transaction-scoped advisory lock: released at commit or rollback, whatever happens.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`ada:storage:${accountId}`}, 0))`;
  const { used, limit } = await storage(tx, accountId);
  if (used + adding <= limit) return;
  throw new AppError(
    "PAYLOAD_TOO_LARGE",
    `Storage is full: this account's analyses take ${megabytes(used)} of the ${megabytes(limit)} ` +
      `it may keep, and this ${what} needs ${megabytes(adding)} more. Delete old analyses to make room.`,
  );
}
