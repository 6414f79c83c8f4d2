import "server-only";
import { readdir } from "node:fs/promises";
import path from "node:path";

export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

/** Migration directory names in the order they apply (Prisma names them by timestamp). */
export async function listMigrations(migrationsDir = MIGRATIONS_DIR) {
  // Not traced into the server build: deploys ship prisma/migrations beside the app themselves.
  const entries = await readdir(/* turbopackIgnore: true */ migrationsDir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
