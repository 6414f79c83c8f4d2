/**
 * bench:gateway's debit figures: the reservation statement against the floor it is judged by, a
 * plain `UPDATE … SET used = used + n WHERE id = $1 AND used + n <= lim` on a table without
 * triggers, both through the app's Prisma client on the same database, 16 callers at a time.
 */
import type pg from "pg";
import { createKeyAccount } from "./harness.ts";

const CALLERS = 16;

async function rate(step: (id: string) => Promise<unknown>, pick: () => string, seconds: number) {
  let count = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: CALLERS }, async () => {
      while (performance.now() < until) {
        await step(pick());
        count++;
      }
    }),
  );
  return count / seconds;
}

export async function debitRates(sql: pg.Pool, model: string, seconds = 3) {
  const { db } = await import("../server/db.ts");
  const { reserve } = await import("../server/quota/reservations.ts");
  await sql.query(
    `CREATE TABLE bench_plain_buckets (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), used int NOT NULL DEFAULT 0, lim int NOT NULL)`,
  );
  const plainIds = (
    await sql.query<{ id: string }>(
      `INSERT INTO bench_plain_buckets (lim) SELECT 2000000000 FROM generate_series(1, 1000) RETURNING id`,
    )
  ).rows.map((row) => row.id);
  const accounts = await Promise.all(
    Array.from({ length: 1000 }, () => createKeyAccount(sql, 2_000_000_000)),
  );
  const accountIds = accounts.map((account) => account.id);
  const any = (ids: string[]) => () => ids[Math.floor(Math.random() * ids.length)] ?? "";
  const plain = (id: string) =>
    db.$queryRaw`UPDATE bench_plain_buckets SET used = used + 100 WHERE id = ${id}::uuid AND used + 100 <= lim RETURNING used`;
  const reservation = (accountId: string) =>
    reserve({
      accountId,
      keyId: null,
      sessionId: null,
      provider: "openai",
      model,
      want: 100,
      atLeast: 10,
      promptEstimate: 10,
      toolResultBytes: 0,
      maxOpenStreams: 1_000_000,
    });
  // Alternating runs, so a drift in the machine's speed does not favour either side.
  const hotPlain = await rate(plain, () => plainIds[0] ?? "", seconds);
  const hotReserve = await rate(reservation, () => accountIds[0] ?? "", seconds);
  const spreadPlain = await rate(plain, any(plainIds), seconds);
  const spreadReserve = await rate(reservation, any(accountIds), seconds);
  await db.$disconnect();
  return { hotPlain, hotReserve, spreadPlain, spreadReserve };
}
