/**
 * Per-address limits on email codes, on top of Better Auth's per-IP limits: how many codes an
 * address can be sent, and how many code guesses it can take, in a window. Counters live in the
 * shared `rate_limit` table (own key prefix), so every app instance sees the same counts.
 */
import { randomUUID } from "node:crypto";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { db } from "../db.ts";

const WINDOW_MS = 15 * 60_000;
const limits: Record<string, { max: number; what: string }> = {
  "/email-otp/send-verification-otp": { max: 5, what: "codes sent to this address" },
  "/sign-in/email-otp": { max: 10, what: "sign-in attempts for this address" },
};

/** Counts one use; returns how many uses the current window holds and when it ends. */
async function consume(key: string) {
  const now = Date.now();
  const [row] = await db.$queryRaw<{ count: number; started: bigint }[]>`
    INSERT INTO rate_limit (id, key, count, last_request) VALUES (${randomUUID()}, ${key}, 1, ${now})
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limit.last_request <= ${now - WINDOW_MS} THEN 1 ELSE rate_limit.count + 1 END,
      last_request = CASE WHEN rate_limit.last_request <= ${now - WINDOW_MS} THEN ${now} ELSE rate_limit.last_request END
    RETURNING count, last_request AS started`;
  return { count: row?.count ?? 1, endsAt: Number(row?.started ?? now) + WINDOW_MS };
}

export const limitEmailCodesPerAddress = createAuthMiddleware(async (ctx) => {
  const limit = ctx.path ? limits[ctx.path] : undefined;
  const email = typeof ctx.body?.email === "string" ? ctx.body.email.trim().toLowerCase() : "";
  if (!limit || !email) return;
  const { count, endsAt } = await consume(`address:${ctx.path}:${email}`);
  if (count > limit.max) {
    const minutes = Math.max(1, Math.ceil((endsAt - Date.now()) / 60_000));
    throw new APIError("TOO_MANY_REQUESTS", {
      message: `Too many ${limit.what}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    });
  }
});
