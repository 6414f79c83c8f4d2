/**
 * Token reservations against an account's quota bucket. Every decision is one SQL statement on the
 * bucket row (row-locked by the UPDATE), so concurrent requests can never spend past the limit:
 * reserve → stream → settle with the real charge, and the sweeper releases reservations whose
 * request died.
 */
import { db } from "../db.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { CURRENT_START, CURRENT_USED, WINDOW_OVER } from "./window.ts";

export type ReservationRequest = {
  accountId: string;
  keyId: string | null;
  sessionId: string | null;
  provider: string;
  model: string;
  /** Quota tokens wanted (prompt estimate + full output allowance, weighted). */
  want: number;
  /** The least worth granting (prompt estimate + a useful answer, weighted). */
  atLeast: number;
  promptEstimate: number;
  maxOpenStreams: number;
};

export type Reservation = { usageLogId: string; granted: number; limitTokens: number; usedTokens: number };
export type Refusal = {
  reason: "quota" | "concurrency" | "no-bucket";
  limitTokens: number;
  remainingTokens: number;
  resetsAt: Date | null;
};

/**
 * Grants min(want, remaining) when that is at least `atLeast` and the account has a free stream
 * slot, and opens the request's usage_log row in the same statement.
 */
export async function reserve(request: ReservationRequest): Promise<Reservation | Refusal> {
  const r = request;
  const rows = await db.$queryRaw<
    { usage_log_id: string; granted: number; limit_tokens: number; used_tokens: number }[]
  >`
    WITH bucket AS (
      SELECT id, limit_tokens, ${CURRENT_USED} AS used, ${CURRENT_START} AS start, open_streams
      FROM quota_buckets WHERE account_id = ${r.accountId} FOR UPDATE
    ), grant_ AS (
      SELECT id, used, start, LEAST(${r.want}::int, limit_tokens - used) AS granted
      FROM bucket WHERE open_streams < ${r.maxOpenStreams}::int
    ), debited AS (
      UPDATE quota_buckets q
      SET used_tokens = g.used + g.granted, window_start = g.start,
          open_streams = q.open_streams + 1, updated_at = now()
      FROM grant_ g WHERE q.id = g.id AND g.granted >= ${r.atLeast}::int
      RETURNING g.granted, q.limit_tokens, q.used_tokens
    ), logged AS (
      INSERT INTO usage_log (account_id, key_id, session_id, provider, model, reserved, prompt_tokens)
      SELECT ${r.accountId}, ${r.keyId}::uuid, ${r.sessionId}::uuid, ${r.provider}, ${r.model}, granted,
             ${r.promptEstimate}::int
      FROM debited
      RETURNING id
    )
    SELECT logged.id AS usage_log_id, d.granted, d.limit_tokens, d.used_tokens FROM logged, debited d`;
  const row = rows[0];
  if (row) {
    return {
      usageLogId: row.usage_log_id,
      granted: row.granted,
      limitTokens: row.limit_tokens,
      usedTokens: row.used_tokens,
    };
  }
  return explainRefusal(request);
}

async function explainRefusal(request: ReservationRequest): Promise<Refusal> {
  const [bucket] = await db.$queryRaw<
    { limit_tokens: number; used: number; open_streams: number; resets_at: Date | null }[]
  >`
    SELECT limit_tokens, ${CURRENT_USED} AS used, open_streams,
           CASE WHEN ${WINDOW_OVER} THEN NULL ELSE window_start + period::interval END AS resets_at
    FROM quota_buckets WHERE account_id = ${request.accountId}`;
  if (!bucket) return { reason: "no-bucket", limitTokens: 0, remainingTokens: 0, resetsAt: null };
  const remainingTokens = Math.max(0, bucket.limit_tokens - bucket.used);
  return {
    reason:
      bucket.open_streams >= request.maxOpenStreams && remainingTokens >= request.atLeast
        ? "concurrency"
        : "quota",
    limitTokens: bucket.limit_tokens,
    remainingTokens,
    resetsAt: bucket.resets_at,
  };
}

export type Settlement = {
  usageLogId: string;
  accountId: string;
  reserved: number;
  charged: number;
  status: "settled" | "failed" | "aborted";
  promptTokens: number;
  completionTokens: number;
  ttftMs: number | null;
  latencyMs: number;
  error: string | null;
};

/**
 * Closes a reservation inside the caller's transaction: applies charged − reserved to the bucket
 * (never below zero) and closes the usage row. Returns false when the row was already closed
 * (by the sweeper), in which case nothing changes.
 */
export async function settle(tx: Prisma.TransactionClient, s: Settlement) {
  const closed = await tx.$executeRaw`
    UPDATE usage_log SET status = ${s.status}::usage_status, prompt_tokens = ${s.promptTokens},
      completion_tokens = ${s.completionTokens}, charged = ${s.charged}, ttft_ms = ${s.ttftMs},
      latency_ms = ${s.latencyMs}, error = ${s.error}, settled_at = now()
    WHERE id = ${s.usageLogId}::uuid AND status = 'open'`;
  if (closed === 0) return false;
  await tx.$executeRaw`
    UPDATE quota_buckets
    SET used_tokens = GREATEST(0, used_tokens + ${s.charged - s.reserved}),
        open_streams = GREATEST(0, open_streams - 1), updated_at = now()
    WHERE account_id = ${s.accountId}`;
  return true;
}

/**
 * Releases reservations whose request never settled (the process died mid-stream): the whole
 * reservation goes back, since what the provider did is unknown. Safe to run from every instance.
 */
export async function sweepAbandoned(olderThanMs: number) {
  const rows = await db.$queryRaw<{ swept: bigint }[]>`
    WITH dead AS (
      UPDATE usage_log SET status = 'failed', charged = 0, settled_at = now(),
        error = 'The request did not finish; its reservation was released.'
      WHERE id IN (
        SELECT id FROM usage_log
        WHERE status = 'open' AND created_at < now() - make_interval(secs => ${olderThanMs / 1000})
        FOR UPDATE SKIP LOCKED)
      RETURNING account_id, reserved
    ), per_account AS (
      SELECT account_id, sum(reserved)::int AS reserved, count(*)::int AS streams FROM dead GROUP BY account_id
    ), released AS (
      UPDATE quota_buckets q
      SET used_tokens = GREATEST(0, q.used_tokens - p.reserved),
          open_streams = GREATEST(0, q.open_streams - p.streams), updated_at = now()
      FROM per_account p WHERE q.account_id = p.account_id
      RETURNING q.id
    )
    SELECT (SELECT count(*) FROM dead) AS swept`;
  return Number(rows[0]?.swept ?? 0);
}
