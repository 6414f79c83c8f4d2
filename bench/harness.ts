/**
 * What the benchmarks share: a production build, a throwaway database, the app's production
 * server on loopback, percentiles and the machine's description.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import pg from "pg";
import { newKeySecret } from "../server/keys/key-secret.ts";
import { freePort } from "../server/net-ports.ts";
import { startEphemeralPostgres } from "../server/postgres/embedded-postgres.ts";
import { MIGRATIONS_DIR } from "../server/postgres/migration-names.ts";
import { applyMigrations } from "../server/postgres/schema-engine.ts";
import { postmasterPid } from "./process-cpu.ts";

export const log = (line: string) => console.log(`[bench] ${line}`);

/** The app's production server on its own database; `env` adds to the defaults. */
export async function startBenchApp(env: Record<string, string> = {}) {
  if (!existsSync(".next/BUILD_ID") || !existsSync("public/python-worker.mjs")) {
    log("no production build: running npm run build");
    execFileSync("npm", ["run", "build"], { stdio: "inherit" });
  }
  const database = await startEphemeralPostgres("ada_bench");
  await applyMigrations(database.url, MIGRATIONS_DIR);
  const sql = new pg.Pool({ connectionString: database.url, max: 4 });
  const server = await startAppProcess(database.url, env);
  return {
    ...server,
    databaseUrl: database.url,
    databasePid: postmasterPid(Number(new URL(database.url).port)),
    sql,
    stop: async () => {
      await server.stop();
      await sql.end();
      await database.stop();
    },
  };
}

/** One more production server process on an existing database (several instances share one). */
export async function startAppProcess(databaseUrl: string, env: Record<string, string> = {}) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const app = spawn(
    process.execPath,
    ["--conditions=react-server", "scripts/run.ts", "start", "--", "--hostname", "127.0.0.1"],
    {
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        BETTER_AUTH_SECRET: "benchmark-secret-0123456789abcdef0123456789",
        BETTER_AUTH_URL: origin,
        LOG_LEVEL: process.env.BENCH_APP_LOG ? "info" : "warn",
        ...(process.env.BENCH_PROFILE
          ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_PROFILE}` }
          : {}),
        ...env,
      },
      stdio: ["ignore", process.env.BENCH_APP_LOG ? "inherit" : "ignore", "inherit"],
    },
  );
  for (let i = 0; ; i++) {
    if (
      await fetch(`${origin}/readyz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 240) throw new Error("the app did not become ready");
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    origin,
    port,
    pid: app.pid ?? 0,
    stop: async () => {
      app.kill("SIGTERM");
      await new Promise((resolve) => app.once("exit", resolve));
    },
  };
}

export function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export const ms = (value: number) => value.toFixed(2);

export async function machine(sql: pg.Pool) {
  const pgVersion = (await sql.query("SHOW server_version")).rows[0].server_version;
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}; Node ${process.version}; PostgreSQL ${pgVersion} (embedded); Next.js production server (\`next start\`)`;
}

export async function writeReport(name: string, text: string) {
  await mkdir("bench/results", { recursive: true });
  await writeFile(`bench/results/${name}`, text);
  log(`wrote bench/results/${name}`);
}

/** An account with a virtual key, made straight in SQL: the benchmarks measure the gateway, not sign-up. */
export async function createKeyAccount(sql: pg.Pool, limit: number, tier: "anon" | "pro" = "pro") {
  const id = crypto.randomUUID();
  const key = newKeySecret();
  await sql.query(`INSERT INTO "user" (id, name, email, updated_at) VALUES ($1, 'bench', $2, now())`, [
    id,
    `${id}@bench.invalid`,
  ]);
  await sql.query(`INSERT INTO quota_buckets (account_id, tier, limit_tokens) VALUES ($1, $2, $3)`, [
    id,
    tier,
    limit,
  ]);
  await sql.query(
    `INSERT INTO virtual_keys (account_id, name, key_prefix, key_hash) VALUES ($1, 'bench', $2, $3)`,
    [id, key.prefix, key.hash],
  );
  return { id, key: key.key };
}

/** A real anonymous visitor signed in over HTTP, as the browser is: its session cookie. */
export async function signInAnonymously(origin: string) {
  const response = await fetch(`${origin}/api/auth/sign-in/anonymous`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: "{}",
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { user } = (await response.json()) as { user: { id: string } };
  return { id: user.id, cookie };
}
