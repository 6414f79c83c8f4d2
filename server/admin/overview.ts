/** The dashboard's front page: accounts, today's usage, 30 days of it, and today's top accounts. */
import "server-only";
import { db } from "../db.ts";
import { emailOf } from "./listing.ts";

const DAY_MS = 86_400_000;
const DAYS = 30;
const TOP = 10;

/** Days are UTC days; `now` is a parameter so a test can pin them. */
export async function overview(now = new Date()) {
  const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const firstDay = new Date(today.getTime() - (DAYS - 1) * DAY_MS);
  const [total, anonymous, [todayStats], daily, top] = await Promise.all([
    db.user.count(),
    db.user.count({ where: { isAnonymous: true } }),
    // Raw SQL: a distinct count, which Prisma's aggregates lack. 429 refusals leave no usage row;
    // the gateway counts them per day in gateway_refusals.
    db.$queryRaw<{ activeToday: number; refusedToday: number }[]>`
      SELECT (SELECT count(DISTINCT account_id) FROM usage_log WHERE created_at >= ${today})::int AS "activeToday",
             (SELECT coalesce(sum(count), 0) FROM gateway_refusals WHERE day = (${today}::timestamptz AT TIME ZONE 'UTC')::date)::int AS "refusedToday"`,
    // Raw SQL: Prisma cannot bucket by day or zero-fill. 24-hour steps from a UTC midnight keep
    // the buckets UTC days whatever the session's time zone.
    db.$queryRaw<{ day: string; tokens: bigint; requests: bigint }[]>`
      WITH days AS (
        SELECT generate_series(${firstDay}::timestamptz, ${today}::timestamptz, interval '24 hours') AS day
      ), used AS (
        SELECT date_bin(interval '24 hours', created_at, ${firstDay}::timestamptz) AS day,
               sum(charged) AS tokens, count(*) AS requests
        FROM usage_log WHERE created_at >= ${firstDay} GROUP BY 1
      )
      SELECT to_char(days.day AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
             coalesce(used.tokens, 0)::bigint AS tokens, coalesce(used.requests, 0)::bigint AS requests
      FROM days LEFT JOIN used ON used.day = days.day ORDER BY days.day`,
    db.usageLog.groupBy({
      by: ["accountId"],
      where: { createdAt: { gte: today } },
      _sum: { charged: true },
      having: { charged: { _sum: { gt: 0 } } },
      orderBy: [{ _sum: { charged: "desc" } }, { accountId: "asc" }],
      take: TOP,
    }),
  ]);
  const owners = await db.user.findMany({
    where: { id: { in: top.map((entry) => entry.accountId) } },
    select: { id: true, email: true, name: true, isAnonymous: true },
  });
  const ownerById = new Map(owners.map((owner) => [owner.id, owner]));
  const days = daily.map((row) => ({
    day: row.day,
    tokens: Number(row.tokens),
    requests: Number(row.requests),
  }));
  return {
    users: { total, anonymous, signedIn: total - anonymous },
    activeToday: todayStats?.activeToday ?? 0,
    tokensToday: days.at(-1)?.tokens ?? 0,
    refusedToday: todayStats?.refusedToday ?? 0,
    daily: days,
    topAccounts: top.flatMap((entry) => {
      const owner = ownerById.get(entry.accountId);
      // An account deleted since the usage was read has no one to show.
      if (!owner) return [];
      return [
        {
          accountId: entry.accountId,
          email: emailOf(owner),
          name: owner.name,
          isAnonymous: Boolean(owner.isAnonymous),
          tokens: entry._sum.charged ?? 0,
        },
      ];
    }),
  };
}
