/**
 * The only Prisma clients. `db` is what application code uses: secret columns are omitted from
 * every read unless a query asks for them by name. `authDb` is for Better Auth alone, whose
 * adapter must read session tokens and password hashes. Both share one connection pool.
 */
import "server-only";
import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import type pg from "pg";
import { env, isBuildPhase } from "./env.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { clientConfig, createPool } from "./postgres/pool.ts";

const secretColumns = {
  virtualKey: { keyHash: true },
  sessionShare: { tokenHash: true },
  session: { token: true },
  account: { accessToken: true, refreshToken: true, idToken: true, password: true },
} as const;

/** The session settings under which Electric formats values (its HTTP API reference). */
const ELECTRIC_DISPLAY_SETTINGS =
  "-c TimeZone=UTC -c DateStyle=ISO,DMY -c IntervalStyle=iso_8601 -c extra_float_digits=1 -c bytea_output=hex";

const timeouts = {
  connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
  statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
};

/**
 * Queries run as named prepared statements, so each connection parses and plans a query once
 * rather than on every call (the gateway's debit is a CTE worth planning once). Postgres keeps a
 * connection's prepared statements until it closes, and texts that vary (lists of values) would
 * each add one: only the first MAX_NAMED_STATEMENTS texts are named.
 */
const MAX_NAMED_STATEMENTS = 300;
const statementNames = new Map<string, string>();
function statementName({ sql }: { sql: string }) {
  let name = statementNames.get(sql);
  if (!name && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `ada_${createHash("sha256").update(sql).digest("base64url").slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return name ?? ""; // no name: an unnamed statement, parsed each time
}

function connect() {
  // `next build` loads route modules without serving them: the pool is created but never used.
  if (!env.DATABASE_URL && !isBuildPhase) {
    throw new Error(
      "DATABASE_URL is not set: start the app with `npm run dev` or `npm start`, which provide the database.",
    );
  }
  const pool = createPool(env.DATABASE_URL, "ada", timeouts, { max: 10 });
  const adapter = new PrismaPg(pool, { statementNameGenerator: statementName });
  return {
    pool,
    db: new PrismaClient({ adapter, omit: secretColumns }),
    authDb: new PrismaClient({ adapter }),
    // The embedded shape endpoint reads rows as Postgres text in Electric's display settings,
    // with column lists chosen per table: plain `pg` on its own small pool.
    syncPool: createPool(env.DATABASE_URL, "ada-sync", timeouts, {
      max: 6,
      options: ELECTRIC_DISPLAY_SETTINGS,
    }),
  };
}

// One set per process: Next's dev server re-evaluates modules on every edit.
const globalForDb = globalThis as unknown as { adaDb?: ReturnType<typeof connect> };
const clients = globalForDb.adaDb ?? connect();
if (env.NODE_ENV !== "production") globalForDb.adaDb = clients;

export const { db, authDb, syncPool } = clients;

/**
 * How the embedded shape endpoint's replication session connects: Electric's display settings,
 * so values arrive formatted as Electric sends them, and no statement timeout (the stream runs
 * for the life of the process).
 */
export function replicationConfig(): pg.ClientConfig {
  return {
    ...clientConfig(env.DATABASE_URL, "ada-sync-replication", timeouts),
    statement_timeout: 0,
    options: ELECTRIC_DISPLAY_SETTINGS,
  };
}
