import { listMigrations } from "../db/migration-names.ts";
import { db } from "../db.ts";
import { messageOf } from "../error-message.ts";

export type Readiness = { ready: true } | { ready: false; reason: string };

/** Ready when the database answers and every migration on disk has been applied. */
export async function checkReadiness(): Promise<Readiness> {
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
