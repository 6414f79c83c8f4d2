import { env } from "../../env.ts";
import { logger } from "../../logger.ts";
import { pruneFeed } from "./feed.ts";

const EVERY_MS = 5 * 60_000;

/**
 * Keeps the change feed bounded: changes older than SYNC_RETENTION_MINUTES go, and a client whose
 * offset points before them gets a 409 and a fresh snapshot. Started once per server.
 */
export function startFeedPruner() {
  const timer = setInterval(async () => {
    try {
      const pruned = await pruneFeed(env.SYNC_RETENTION_MINUTES);
      if (pruned) logger.info({ pruned }, "pruned the sync change feed");
    } catch (error) {
      logger.error({ err: error }, "sync feed pruning failed");
    }
  }, EVERY_MS);
  timer.unref();
}
