/**
 * The requests this process holds reservations for, stamped alive in the database every
 * HEARTBEAT_MS (one statement for all of them). A request whose process dies stops being stamped,
 * so the sweeper frees its stream slot within a minute instead of waiting out the longest stream.
 * Acceptances (the provider answered: the prompt is owed) are written the same way, batched every
 * ACCEPT_FLUSH_MS rather than one statement per request; a process that dies within that moment
 * leaves its last requests' prompts unpaid, never overpaid.
 */
import "server-only";
import { logger } from "../logger.ts";
import { markAccepted, stampLive } from "./reservations.ts";

export const HEARTBEAT_MS = 15_000;

const live = new Set<string>();
let timer: ReturnType<typeof setInterval> | undefined;

async function beat() {
  try {
    await stampLive([...live]);
  } catch (error) {
    logger.warn({ err: error, live: live.size }, "could not stamp live requests");
  }
}

/** Keeps a reservation's row stamped alive until `letGo`. */
export function holdAlive(usageLogId: string) {
  live.add(usageLogId);
  if (!timer) {
    timer = setInterval(beat, HEARTBEAT_MS);
    timer.unref();
  }
}

/** Stops stamping the row: it is settled, or left to the sweeper. */
export function letGo(usageLogId: string) {
  live.delete(usageLogId);
  if (live.size === 0 && timer) {
    clearInterval(timer);
    timer = undefined;
  }
}

const ACCEPT_FLUSH_MS = 200;
let accepted: { usageLogId: string; promptCharge: number }[] = [];

/** The provider accepted the request: its prompt is owed from now on (written within ACCEPT_FLUSH_MS). */
export function recordAcceptance(usageLogId: string, promptCharge: number) {
  accepted.push({ usageLogId, promptCharge });
  // The first in a batch schedules its write; the rest join it.
  if (accepted.length === 1) setTimeout(flushAcceptances, ACCEPT_FLUSH_MS);
}

async function flushAcceptances() {
  const batch = accepted;
  accepted = [];
  try {
    await markAccepted(batch);
  } catch (error) {
    logger.warn({ err: error, accepted: batch.length }, "could not record accepted requests");
  }
}
