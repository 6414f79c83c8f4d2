import { env } from "../env.ts";
import { logger } from "../logger.ts";
import { sweepAbandoned } from "./reservations.ts";

const EVERY_MS = 60_000;
/** No live request holds a reservation longer than the upstream timeout; a minute's grace on top. */
const ABANDONED_AFTER_MS = env.UPSTREAM_TIMEOUT_MS + 60_000;

/** Releases reservations of requests that died with their process (started once per server). */
export function startReservationSweeper() {
  const timer = setInterval(async () => {
    try {
      const swept = await sweepAbandoned(ABANDONED_AFTER_MS);
      if (swept) logger.warn({ swept }, "released reservations of requests that never finished");
    } catch (error) {
      logger.error({ err: error }, "reservation sweep failed");
    }
  }, EVERY_MS);
  timer.unref();
}
