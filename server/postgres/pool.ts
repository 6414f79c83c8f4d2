/**
 * Connections to the app's database, bounded in time: a request waits at most `connectTimeoutMs`
 * for a connection (a new one, or a free one from a busy pool) and the server cancels any
 * statement after `statementTimeoutMs`, so a slow or unreachable database fails requests
 * instead of piling them up. Migrations use their own connections (server/postgres/schema-engine.ts)
 * and are not bounded by these.
 */
import "server-only";
import pg from "pg";
import { logger } from "../logger.ts";

type DatabaseTimeouts = { connectTimeoutMs: number; statementTimeoutMs: number };

/** How one connection is opened; `name` shows in `pg_stat_activity.application_name`. */
export function clientConfig(url: string | undefined, name: string, timeouts: DatabaseTimeouts) {
  return {
    connectionString: url,
    application_name: name,
    connectionTimeoutMillis: timeouts.connectTimeoutMs,
    // Sent at connection start, so it holds for every statement, Prisma's and raw ones alike.
    statement_timeout: timeouts.statementTimeoutMs,
    // Lets the kernel notice a server that vanished without closing the connection (a failover).
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  } satisfies pg.ClientConfig;
}

/**
 * A pool whose idle connections may die (a database restart or failover) without taking the
 * process with them: pg emits such failures on the pool, and an unheard `error` event ends Node.
 * The pool drops the dead connection and opens a new one on the next query.
 */
export function createPool(
  url: string | undefined,
  name: string,
  timeouts: DatabaseTimeouts,
  options: { max: number; options?: string },
) {
  const pool = new pg.Pool({ ...clientConfig(url, name, timeouts), ...options });
  // Only the error's own fields: pg attaches the whole client to it, which would fill the log.
  pool.on("error", ({ message, code }: Error & { code?: string }) =>
    logger.warn({ err: { message, code }, pool: name }, "an idle database connection failed"),
  );
  return pool;
}
