import "server-only";
import { env } from "../env.ts";
import { logger } from "../logger.ts";
import { HEARTBEAT_MS } from "./heartbeat.ts";
import { sweepAbandoned } from "./reservations.ts";

export const SWEEP_EVERY_MS = 15_000;
/**
 * Two heartbeats missed and then some: the request's process is gone. With a sweep every
 * SWEEP_EVERY_MS, its stream slot is free within SILENT_AFTER_MS + SWEEP_EVERY_MS (under a minute).
 */
export const SILENT_AFTER_MS = 2 * HEARTBEAT_MS + 10_000;
/** No live request holds a reservation longer than the upstream timeout; a minute's grace on top. */
const OLDER_THAN_MS = env.UPSTREAM_TIMEOUT_MS + 60_000;

/** Closes reservations of requests that died with their process (started once per server). */
export function startReservationSweeper() {
  const timer = setInterval(async () => {
    try {
      const swept = await sweepAbandoned({ silentForMs: SILENT_AFTER_MS, olderThanMs: OLDER_THAN_MS });
      if (swept) logger.warn({ swept }, "closed reservations of requests that never finished");
    } catch (error) {
      logger.error({ err: error }, "reservation sweep failed");
    }
  }, SWEEP_EVERY_MS);
  timer.unref();
}
