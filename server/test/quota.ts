/** Accounts, reservations and settlements for the quota tests in server/quota/ (test code). */
import { db } from "../db.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { type ReservationRequest, reserve, settle } from "../quota/reservations.ts";
import { TestAuthClient } from "./auth-client.ts";

const HOUR_MS = 3_600_000;
export const hoursAgo = (hours: number) => new Date(Date.now() - hours * HOUR_MS);

/** A new anonymous account (signed in for real, so seeded) whose bucket is then given `bucket`. */
export async function accountWithBucket(bucket: Prisma.QuotaBucketUpdateInput = {}) {
  const accountId = await new TestAuthClient().signInAnonymously();
  if (Object.keys(bucket).length) await db.quotaBucket.update({ where: { accountId }, data: bucket });
  return accountId;
}

export const bucketOf = (accountId: string) => db.quotaBucket.findUniqueOrThrow({ where: { accountId } });

/** A reservation as the gateway asks for one: `want` tokens, at least 100 of them worth granting. */
export function reserveFor(accountId: string, want: number, request: Partial<ReservationRequest> = {}) {
  return reserve({
    accountId,
    keyId: null,
    sessionId: null,
    provider: "openai",
    model: "gpt-5.4-mini",
    want,
    atLeast: 100,
    promptEstimate: 40,
    toolResultBytes: 0,
    maxOpenStreams: 4,
    ...request,
  });
}

/** The same, for a test that needs it granted. */
export async function reserved(accountId: string, want: number) {
  const reservation = await reserveFor(accountId, want);
  if (!("usageLogId" in reservation)) throw new Error(`not reserved: ${reservation.reason}`);
  return reservation;
}

/** Settles a reservation as a request that finished and owes `charged` tokens. */
export function settleFor(reservation: { usageLogId: string; granted: number }, charged: number) {
  return settle(db, {
    usageLogId: reservation.usageLogId,
    reserved: reservation.granted,
    charged,
    status: "settled",
    promptTokens: 40,
    completionTokens: Math.max(0, charged - 40),
    ttftMs: 5,
    latencyMs: 50,
    error: null,
  });
}
