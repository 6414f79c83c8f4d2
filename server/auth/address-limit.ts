/**
 * Limits on email codes beyond Better Auth's per-client ones: how many codes one address can be
 * sent, and how many codes can be tried for an address from one client address. Tries count per
 * (address, client) pair, never per address alone, so wrong guesses from elsewhere cannot lock the
 * owner out; guessing stays bounded by Better Auth's three tries per code and the codes an address
 * can be sent. Counters live in the shared `rate_limit` table (own key prefix), so every app
 * instance sees the same counts.
 */
import "server-only";
import { randomUUID } from "node:crypto";
import { APIError, createAuthMiddleware, getIP } from "better-auth/api";
import { db } from "../db.ts";
import { UNKNOWN_ADDRESS_MESSAGE } from "./client-address.ts";

type Limit = { max: number; windowMs: number; perClient: boolean; what: string };

const limits: Record<string, Limit> = {
  "/email-otp/send-verification-otp": {
    max: 5,
    windowMs: 15 * 60_000,
    perClient: false,
    what: "codes sent to this address",
  },
  // A short backoff: a mistyped code costs its owner a few minutes at most.
  "/sign-in/email-otp": {
    max: 5,
    windowMs: 5 * 60_000,
    perClient: true,
    what: "sign-in attempts for this address from your network",
  },
};

/** Counts one use; returns how many uses the current window holds and when it ends. */
async function consume(key: string, windowMs: number) {
  const now = Date.now();
  const [row] = await db.$queryRaw<{ count: number; started: bigint }[]>`
    INSERT INTO rate_limit (id, key, count, last_request) VALUES (${randomUUID()}, ${key}, 1, ${now})
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN rate_limit.last_request <= ${now - windowMs} THEN 1 ELSE rate_limit.count + 1 END,
      last_request = CASE WHEN rate_limit.last_request <= ${now - windowMs} THEN ${now} ELSE rate_limit.last_request END
    RETURNING count, last_request AS started`;
  return { count: row?.count ?? 1, endsAt: Number(row?.started ?? now) + windowMs };
}

export const limitEmailCodes = createAuthMiddleware(async (ctx) => {
  const limit = ctx.path ? limits[ctx.path] : undefined;
  const email = typeof ctx.body?.email === "string" ? ctx.body.email.trim().toLowerCase() : "";
  if (!limit || !email) return;
  let key = `address:${ctx.path}:${email}`;
  if (limit.perClient) {
    // The address handler.ts gave Better Auth, normalised as its own limits count it (IPv6 by /64).
    const client = getIP(ctx.request ?? ctx.headers ?? new Headers(), ctx.context.options);
    if (!client) throw new APIError("BAD_REQUEST", { message: UNKNOWN_ADDRESS_MESSAGE });
    key = `${key}|${client}`;
  }
  const { count, endsAt } = await consume(key, limit.windowMs);
  if (count > limit.max) {
    const minutes = Math.max(1, Math.ceil((endsAt - Date.now()) / 60_000));
    throw new APIError("TOO_MANY_REQUESTS", {
      message: `Too many ${limit.what}. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
    });
  }
});
