import "server-only";
import { messageOf } from "#common/error-message.ts";
import { db } from "../db.ts";
import { listMigrations } from "../postgres/migration-names.ts";

type Readiness = { ready: true } | { ready: false; reason: string };

/**
 * How long readiness waits for the database. The load balancer gives a check 5 s
 * (sst.config.ts): a database that is slower than this is reported as such, in time.
 */
const READINESS_DEADLINE_MS = 3_000;

/** Ready when the database answers and every migration on disk has been applied. */
export async function checkReadiness(deadlineMs = READINESS_DEADLINE_MS): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Readiness>((resolve) => {
    timer = setTimeout(
      () => resolve({ ready: false, reason: `the database did not answer within ${deadlineMs} ms` }),
      deadlineMs,
    );
  });
  try {
    return await Promise.race([compareMigrations(), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function compareMigrations(): Promise<Readiness> {
  let applied: string[];
  try {
    const rows = await db.$queryRaw<{ name: string }[]>`
      SELECT migration_name AS name FROM _prisma_migrations
      WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    applied = rows.map((row) => row.name);
  } catch (error) {
    const message = messageOf(error);
    return {
      ready: false,
      reason: /_prisma_migrations/.test(message)
        ? "migrations have never been applied (run npm run db:migrate)"
        : "database unreachable",
    };
  }
  const pending = (await listMigrations()).filter((name) => !applied.includes(name));
  return pending.length
    ? { ready: false, reason: `pending migrations: ${pending.join(", ")}` }
    : { ready: true };
}

/** GET /readyz: 200 only when the database answers and all migrations are applied, else 503 with why. */
export async function serveReadiness() {
  const readiness = await checkReadiness();
  const headers = { "cache-control": "no-store" };
  return readiness.ready
    ? Response.json({ status: "ready" }, { headers })
    : Response.json({ status: "not ready", reason: readiness.reason }, { status: 503, headers });
}
