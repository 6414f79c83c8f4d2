/** The usage log, read-only: filtered pages and the CSV export of every filtered row. */
import "server-only";
import { z } from "zod";
import { db } from "../db.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { csvLine } from "./csv.ts";
import { emailOf, type PageRequest, paged, skipTake } from "./listing.ts";

// The export route takes these from a query string: nothing else checks them for what Postgres
// refuses (NUL in text, dates outside its range).
const text = z
  .string()
  .trim()
  .max(200)
  .refine((value) => !value.includes("\u0000"), "must not contain NUL (U+0000)")
  .optional()
  .transform((value) => value || undefined);

const date = z.coerce.date().min(new Date("1970-01-01T00:00:00Z")).max(new Date("9999-12-31T23:59:59.999Z"));

/** A bare date (YYYY-MM-DD) as `to` means the end of that day (UTC), so the day is included. */
const endOfDay = (value: unknown) =>
  typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59.999Z` : value;

/** Every field optional; `from` and `to` are inclusive. Shared by the procedure and the CSV route. */
export const activityFilter = z.object({
  accountId: text,
  model: text,
  status: z.enum(["open", "settled", "failed", "aborted"]).optional(),
  from: date.optional(),
  to: z.preprocess(endOfDay, date.optional()),
});
type ActivityFilter = z.infer<typeof activityFilter>;

const whereOf = (filter: ActivityFilter): Prisma.UsageLogWhereInput => ({
  accountId: filter.accountId,
  model: filter.model,
  status: filter.status,
  createdAt: { gte: filter.from, lte: filter.to },
});

const rowFields = {
  id: true,
  accountId: true,
  sessionId: true,
  keyId: true,
  provider: true,
  model: true,
  status: true,
  reserved: true,
  promptTokens: true,
  completionTokens: true,
  charged: true,
  ttftMs: true,
  latencyMs: true,
  error: true,
  createdAt: true,
  settledAt: true,
  account: { select: { email: true, isAnonymous: true } },
} as const;

type ActivityRow = Prisma.UsageLogGetPayload<{ select: typeof rowFields }>;

const toView = ({ account, ...row }: ActivityRow) => ({ ...row, email: emailOf(account) });

/** Newest first, with a tiebreak so pages (and export batches) never skip or repeat a row. */
const newestFirst = [
  { createdAt: "desc" },
  { id: "desc" },
] satisfies Prisma.UsageLogOrderByWithRelationInput[];

export async function listActivity(request: ActivityFilter & PageRequest) {
  const where = whereOf(request);
  const [rows, total] = await Promise.all([
    db.usageLog.findMany({ where, select: rowFields, orderBy: newestFirst, ...skipTake(request) }),
    db.usageLog.count({ where }),
  ]);
  return paged(rows.map(toView), total, request);
}

const CSV_BATCH = 1000;

const CSV_COLUMNS = [
  "id",
  "created_at",
  "settled_at",
  "account_id",
  "email",
  "session_id",
  "key_id",
  "provider",
  "model",
  "status",
  "reserved",
  "prompt_tokens",
  "completion_tokens",
  "charged",
  "ttft_ms",
  "latency_ms",
  "error",
];

/**
 * The filtered rows as CSV lines (header first), newest first, read in batches by keyset (the
 * last row's createdAt and id) so memory stays flat and rows logged meanwhile cannot shift pages.
 */
export async function* activityCsv(filter: ActivityFilter): AsyncGenerator<string> {
  yield csvLine(CSV_COLUMNS);
  const where = whereOf(filter);
  let last: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const rows = await db.usageLog.findMany({
      where: last
        ? {
            AND: [
              where,
              {
                OR: [
                  { createdAt: { lt: last.createdAt } },
                  { createdAt: last.createdAt, id: { lt: last.id } },
                ],
              },
            ],
          }
        : where,
      select: rowFields,
      orderBy: newestFirst,
      take: CSV_BATCH,
    });
    for (const row of rows) {
      const r = toView(row);
      yield csvLine([
        r.id,
        r.createdAt,
        r.settledAt,
        r.accountId,
        r.email,
        r.sessionId,
        r.keyId,
        r.provider,
        r.model,
        r.status,
        r.reserved,
        r.promptTokens,
        r.completionTokens,
        r.charged,
        r.ttftMs,
        r.latencyMs,
        r.error,
      ]);
    }
    const next = rows.at(-1);
    if (rows.length < CSV_BATCH || !next) return;
    last = next;
  }
}
