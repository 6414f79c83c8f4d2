/**
 * Counts 429 refusals per UTC day and account for the admin overview. Called without waiting
 * on it: a refusal answers at once, and losing a count to a database hiccup costs nothing.
 */
import "server-only";
import { db } from "../db.ts";

type CountedRefusal = "quota" | "concurrency";

export async function countRefusal(accountId: string, reason: CountedRefusal) {
  // Raw SQL: an upsert that increments in place; Prisma's upsert would read first.
  await db.$executeRaw`
    INSERT INTO gateway_refusals (day, account_id, reason, count)
    VALUES ((now() AT TIME ZONE 'UTC')::date, ${accountId}, ${reason}, 1)
    ON CONFLICT (day, account_id, reason) DO UPDATE SET count = gateway_refusals.count + 1`;
}
