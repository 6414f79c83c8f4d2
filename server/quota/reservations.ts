/**
 * Token reservations against an account's quota bucket. Every decision is one SQL statement on the
 * bucket row (row-locked), so concurrent requests can never spend past the limit:
 * reserve → stream → settle with the real charge, and the sweeper releases reservations whose
 * request died. The reservation also re-checks, in the same statement, that the account is not
 * banned and the key not revoked, so those take effect on the very next request.
 */
import "server-only";
import { db } from "../db.ts";
import { cleanErrorText } from "../error-text.ts";
import { Prisma } from "../generated/prisma/client.ts";
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
  /** UTF-8 bytes of the request's tool results (what of the user's data it carries to the provider). */
  toolResultBytes: number;
  maxOpenStreams: number;
};

export type Reservation = { usageLogId: string; granted: number; limitTokens: number; usedTokens: number };
export type Refusal = {
  reason: "quota" | "concurrency" | "banned" | "revoked" | "no-bucket";
  limitTokens: number;
  remainingTokens: number;
  resetsAt: Date | null;
};

/** Same rule as `isBanned` in server/auth/access.ts, in SQL, for the user row `u`. */
const BANNED = Prisma.raw("(coalesce(u.banned, false) AND (u.ban_expires IS NULL OR u.ban_expires > now()))");

/**
 * Grants min(want, remaining) when that is at least `atLeast`, the account has a free stream slot,
 * is not banned and its key (if any) is not revoked; opens the request's usage_log row in the
 * same statement. Pass a transaction to reserve together with other writes (all or nothing).
 */
export async function reserve(
  request: ReservationRequest,
  client: Pick<Prisma.TransactionClient, "$queryRaw"> = db,
): Promise<Reservation | Refusal> {
  const r = request;
  const rows = await client.$queryRaw<
    { usage_log_id: string; granted: number; limit_tokens: number; used_tokens: number }[]
  >`
    WITH allowed AS (
      SELECT 1 FROM "user" u
      WHERE u.id = ${r.accountId} AND NOT ${BANNED}
        AND (${r.keyId}::uuid IS NULL OR EXISTS (
          SELECT 1 FROM virtual_keys k WHERE k.id = ${r.keyId}::uuid AND k.revoked_at IS NULL))
    ), bucket AS (
      SELECT id, limit_tokens, ${CURRENT_USED} AS used, ${CURRENT_START} AS start, open_streams
      FROM quota_buckets WHERE account_id = ${r.accountId} AND EXISTS (SELECT 1 FROM allowed)
      FOR UPDATE
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
      INSERT INTO usage_log (account_id, key_id, session_id, provider, model, reserved, prompt_tokens,
                             tool_result_bytes)
      SELECT ${r.accountId}, ${r.keyId}::uuid, ${r.sessionId}::uuid, ${r.provider}, ${r.model}, granted,
             ${r.promptEstimate}::int, ${r.toolResultBytes}::int
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
  return explainRefusal(request, client);
}

async function explainRefusal(
  request: ReservationRequest,
  client: Pick<Prisma.TransactionClient, "$queryRaw">,
): Promise<Refusal> {
  const [state] = await client.$queryRaw<
    {
      banned: boolean;
      key_revoked: boolean;
      limit_tokens: number | null;
      used: number | null;
      open_streams: number | null;
      resets_at: Date | null;
    }[]
  >`
    SELECT ${BANNED} AS banned,
           coalesce((SELECT k.revoked_at IS NOT NULL FROM virtual_keys k WHERE k.id = ${request.keyId}::uuid), false) AS key_revoked,
           b.limit_tokens, ${CURRENT_USED} AS used, b.open_streams,
           CASE WHEN ${WINDOW_OVER} THEN NULL ELSE b.window_start + b.period::interval END AS resets_at
    FROM "user" u LEFT JOIN quota_buckets b ON b.account_id = u.id
    WHERE u.id = ${request.accountId}`;
  const none = { limitTokens: 0, remainingTokens: 0, resetsAt: null };
  if (!state) return { reason: "no-bucket", ...none };
  if (state.banned) return { reason: "banned", ...none };
  if (state.key_revoked) return { reason: "revoked", ...none };
  if (state.limit_tokens === null) return { reason: "no-bucket", ...none };
  const remainingTokens = Math.max(0, state.limit_tokens - (state.used ?? 0));
  const busy = (state.open_streams ?? 0) >= request.maxOpenStreams && remainingTokens >= request.atLeast;
  return {
    reason: busy ? "concurrency" : "quota",
    limitTokens: state.limit_tokens,
    remainingTokens,
    resetsAt: state.resets_at,
  };
}

export type Settlement = {
  usageLogId: string;
  reserved: number;
  charged: number;
  status: "settled" | "failed" | "aborted";
  promptTokens: number;
  completionTokens: number;
  ttftMs: number | null;
  latencyMs: number;
  error: string | null;
};

/** Error text as a column can hold and the browser may see (it is synced): server/error-text.ts. */
function storedError(error: string | null) {
  return error === null ? null : cleanErrorText(error);
}

/**
 * Closes a reservation in one statement: closes the usage row and applies charged − reserved to
 * the bucket (never below zero). Returns false when the row was already closed (by the sweeper),
 * in which case nothing changes. Pass a transaction to settle together with other writes.
 */
export async function settle(client: Pick<Prisma.TransactionClient, "$queryRaw">, s: Settlement) {
  // A window that rolled after the reservation already forgot it: the old window paid for this
  // request, and neither its refund nor its charge moves into the new one.
  const rows = await client.$queryRaw<{ closed: number }[]>`
    WITH closed AS (
      UPDATE usage_log SET status = ${s.status}::usage_status, prompt_tokens = ${s.promptTokens}::int,
        completion_tokens = ${s.completionTokens}::int, charged = ${s.charged}::int, ttft_ms = ${s.ttftMs}::int,
        latency_ms = ${s.latencyMs}::int, error = ${storedError(s.error)}, settled_at = now()
      WHERE id = ${s.usageLogId}::uuid AND status = 'open'
      RETURNING account_id, created_at
    ), released AS (
      UPDATE quota_buckets b
      SET used_tokens = CASE WHEN b.window_start > closed.created_at THEN b.used_tokens
                             ELSE GREATEST(0, b.used_tokens + ${s.charged - s.reserved}::int) END,
          open_streams = GREATEST(0, b.open_streams - 1), updated_at = now()
      FROM closed WHERE b.account_id = closed.account_id
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM closed)::int AS closed`;
  return (rows[0]?.closed ?? 0) > 0;
}

/**
 * Records that the provider accepted these requests: from then on their prompt is owed, whatever
 * happens to the stream. On an open row `charged` is what the request owes so far, which is what
 * the sweeper charges if the request dies. One statement for a batch (server/quota/heartbeat.ts).
 */
export async function markAccepted(accepted: { usageLogId: string; promptCharge: number }[]) {
  if (accepted.length === 0) return;
  await db.$executeRaw`
    UPDATE usage_log u SET charged = a.charge
    FROM unnest(${accepted.map((a) => a.usageLogId)}::uuid[], ${accepted.map((a) => a.promptCharge)}::int[])
      AS a(id, charge)
    WHERE u.id = a.id AND u.status = 'open'`;
}

/**
 * The heartbeat of live requests: stamps their open rows with how long they have been running
 * (`latency_ms`, final at settlement), one statement for all of a process's requests.
 */
export async function stampLive(usageLogIds: string[]) {
  if (usageLogIds.length === 0) return;
  await db.$executeRaw`
    UPDATE usage_log SET latency_ms = (extract(epoch FROM now() - created_at) * 1000)::int
    WHERE id = ANY(${usageLogIds}::uuid[]) AND status = 'open'`;
}

type SweepAge = {
  /** A row not stamped alive for this long belongs to a request whose process is gone. */
  silentForMs: number;
  /** A row open this long is swept even if stamped (no live request runs that long). */
  olderThanMs: number;
};

/**
 * Closes reservations whose request will never settle (its process died, or its settlement kept
 * failing): the stream slot is freed, and the request pays what it owed — its prompt if the
 * provider had accepted it, nothing if not. Safe to run from every instance.
 */
export async function sweepAbandoned({ silentForMs, olderThanMs }: SweepAge) {
  const rows = await db.$queryRaw<{ swept: number }[]>`
    WITH dead AS (
      UPDATE usage_log SET status = 'failed', settled_at = now(), completion_tokens = 0,
        prompt_tokens = CASE WHEN charged > 0 THEN prompt_tokens ELSE 0 END,
        error = CASE WHEN charged > 0
          THEN 'The request did not finish after the provider accepted it; its prompt was charged.'
          ELSE 'The request did not finish; its reservation was released.' END
      WHERE id IN (
        SELECT id FROM usage_log
        WHERE status = 'open' AND (
          created_at + make_interval(secs => coalesce(latency_ms, 0) / 1000.0)
            < now() - make_interval(secs => ${silentForMs / 1000})
          OR created_at < now() - make_interval(secs => ${olderThanMs / 1000}))
        FOR UPDATE SKIP LOCKED)
      RETURNING account_id, reserved, charged, created_at
    ), per_account AS (
      SELECT d.account_id,
             -- only what is still counted in the bucket's current window goes back
             sum(CASE WHEN b.window_start > d.created_at THEN 0 ELSE d.reserved - d.charged END)::int
               AS released,
             count(*)::int AS streams
      FROM dead d JOIN quota_buckets b ON b.account_id = d.account_id GROUP BY d.account_id
    ), released AS (
      UPDATE quota_buckets q
      SET used_tokens = GREATEST(0, q.used_tokens - p.released),
          open_streams = GREATEST(0, q.open_streams - p.streams), updated_at = now()
      FROM per_account p WHERE q.account_id = p.account_id
      RETURNING q.id
    )
    SELECT (SELECT count(*) FROM dead)::int AS swept`;
  return rows[0]?.swept ?? 0;
}
