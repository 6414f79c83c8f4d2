/**
 * `npm run dev` / `npm start` / `npm run db:migrate`: brings up the database (embedded Postgres
 * unless DATABASE_URL is set), applies migrations, then runs Next in the foreground. Stopping this
 * process stops Next and the embedded Postgres with it. Extra arguments go to `next`.
 *   node --conditions=react-server scripts/run.ts dev|start|migrate [-- next args…]
 * (the condition resolves `server-only` to its empty build: see ARCHITECTURE.md)
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import nextEnv from "@next/env";
import { StartupError } from "../server/startup-error.ts";

const [command = "dev", ...nextArgs] = process.argv.slice(2).filter((arg) => arg !== "--");
if (!["dev", "start", "migrate"].includes(command)) {
  console.error(`Unknown command "${command}": use dev, start or migrate.`);
  process.exit(2);
}
// The same .env files with the same precedence as Next itself, so this launcher and the app agree.
nextEnv.loadEnvConfig(process.cwd(), command === "dev");

/**
 * AsyncLocalStorage on context frames (Node 24's default): on Node 22 it otherwise runs on async
 * hooks, which put a hook on every promise — a sixth of the gateway's CPU under load. The
 * container's command (Dockerfile) passes the same flag.
 */
const NODE_FLAGS = ["--experimental-async-context-frame"];

const say = (line: string) => console.log(`\x1b[2m[ada]\x1b[0m ${line}`);

async function main() {
  // Imported after the .env files are loaded: env.ts validates process.env on import.
  const { env } = await import("../server/env.ts");
  const { assertPortFree } = await import("../server/net-ports.ts");
  const { applyMigrations } = await import("../server/postgres/schema-engine.ts");

  if (command !== "migrate") {
    await assertPortFree(env.PORT, "stop whatever uses it or run with PORT=<another port>");
  }
  // Imported only when needed: a deployed container has no embedded Postgres.
  const database = env.DATABASE_URL
    ? { url: env.DATABASE_URL, stop: async () => {} }
    : await (await import("../server/postgres/embedded-postgres.ts")).startEmbeddedPostgres({
        dir: path.join(env.DATA_DIR, "postgres"),
        port: env.EMBEDDED_PG_PORT,
        database: "ada",
        logFile: path.join(env.DATA_DIR, "postgres.log"),
      });
  say(
    env.DATABASE_URL
      ? "database: DATABASE_URL"
      : `database: embedded Postgres on port ${env.EMBEDDED_PG_PORT}`,
  );
  try {
    const applied = await applyMigrations(database.url, path.resolve("prisma/migrations"));
    say(applied.length ? `migrations applied: ${applied.join(", ")}` : "migrations: up to date");
  } catch (error) {
    await database.stop();
    throw error;
  }
  if (command === "migrate") {
    await database.stop();
    // The schema engine leaves a 10 s lock-timeout timer behind that would keep the process alive.
    process.exit(0);
  }

  // The Python worker and runtime in public/: rebuilt on change in development, built by
  // `npm run build` for `npm start`.
  const browserAssets =
    command === "dev"
      ? await (await import("./browser-assets.ts")).buildBrowserAssets({ watch: true })
      : null;

  const secret = env.BETTER_AUTH_SECRET ?? (await devSecret(env.DATA_DIR));
  const childEnv = {
    NEXT_TELEMETRY_DISABLED: "1",
    ...process.env,
    DATABASE_URL: database.url,
    BETTER_AUTH_SECRET: secret,
  };
  // Next's own CLI on this Node (22, from the project), whatever `next` PATH would find.
  const nextCli = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const child = spawn(
    process.execPath,
    [...NODE_FLAGS, nextCli, command, "--port", String(env.PORT), ...nextArgs],
    {
      stdio: "inherit",
      env: childEnv,
    },
  );
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    // embedded-postgres's own handlers stop Postgres and exit at once, under a Next still
    // serving; here Next stops first and Postgres after it (below).
    process.removeAllListeners(signal);
    process.on(signal, () => child.kill(signal));
  }
  const code = await new Promise<number>((resolve) => {
    child.on("exit", (c) => resolve(c ?? 0));
    child.on("error", (error) => {
      console.error(`✖ Could not start Next: ${error.message}`);
      resolve(1);
    });
  });
  await browserAssets?.dispose();
  await database.stop();
  process.exit(code);
}

/** Only when BETTER_AUTH_SECRET is unset outside production: one random secret kept in DATA_DIR. */
async function devSecret(dataDir: string) {
  const file = path.join(dataDir, "auth-secret");
  const existing = await readFile(file, "utf8").catch(() => null);
  if (existing) return existing.trim();
  const secret = randomBytes(32).toString("base64url");
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, secret, { mode: 0o600 });
  return secret;
}

main().catch((error: unknown) => {
  // The operator's to fix: one line. Anything else is a bug and keeps its stack.
  console.error(`\x1b[31m✖\x1b[0m ${error instanceof Error ? error.message : String(error)}`);
  if (!(error instanceof StartupError)) console.error(error);
  process.exit(1);
});
