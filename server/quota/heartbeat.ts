/**
 * The requests this process holds reservations for, stamped alive in the database every
 * HEARTBEAT_MS (one statement for all of them). A request whose process dies stops being stamped,
 * so the sweeper frees its stream slot within a minute instead of waiting out the longest stream.
 */
import { logger } from "../logger.ts";
import { stampLive } from "./reservations.ts";

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
