/**
 * Wakes long-polls when their shape changes: one LISTEN connection per process on the
 * `sync_changes` channel (the feed's triggers NOTIFY `<table>:<account>` at commit).
 */
import type pg from "pg";
import { listenConnection } from "../../db.ts";
import { logger } from "../../logger.ts";

type Wake = () => void;
const waiters = new Map<string, Set<Wake>>();
let connection: Promise<pg.Client> | undefined;

function listen() {
  connection ??= (async () => {
    const client = listenConnection();
    client.on("notification", ({ payload }) => {
      const woken = payload ? waiters.get(payload) : undefined;
      if (!woken) return;
      waiters.delete(payload ?? "");
      for (const wake of woken) wake();
    });
    client.on("error", (error) => {
      logger.error({ err: error }, "sync LISTEN connection failed; reconnecting on next wait");
      connection = undefined;
      // Long-polls in flight end at their hold time and the client asks again.
    });
    await client.connect();
    await client.query("LISTEN sync_changes");
    return client;
  })().catch((error: unknown) => {
    connection = undefined;
    throw error;
  });
  return connection;
}

/**
 * A subscription to `<table>:<account>`, taken before reading the feed so a change committed in
 * between is not missed. `changed` resolves at the next notification for that key.
 */
export async function subscribe(key: string) {
  await listen();
  let wake: Wake = () => {};
  const changed = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const set = waiters.get(key) ?? new Set<Wake>();
  set.add(wake);
  waiters.set(key, set);
  const cancel = () => {
    set.delete(wake);
    if (set.size === 0 && waiters.get(key) === set) waiters.delete(key);
  };
  return { changed, cancel };
}
