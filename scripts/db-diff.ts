/**
 * Writes a new migration from the change to prisma/schema.prisma since a git revision (default
 * HEAD), in Prisma's format: prisma/migrations/<timestamp>_<name>/migration.sql.
 *   npm run db:diff -- <name> [--from <git-rev>]
 * The migrations test fails whenever schema.prisma and the migrations disagree.
 */
import { execFileSync } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { startEphemeralPostgres } from "../server/postgres/embedded-postgres.ts";
import { diffSchemas } from "../server/postgres/schema-engine.ts";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { from: { type: "string", default: "HEAD" } },
});
const name = positionals[0];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:diff -- <snake_case_name> [--from <git-rev>]");
  process.exit(2);
}

let previous: string | null = null;
try {
  previous = execFileSync("git", ["show", `${values.from}:prisma/schema.prisma`], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
} catch {
  previous = null; // no committed schema yet: diff from an empty database
}
const current = await readFile("prisma/schema.prisma", "utf8");

const database = await startEphemeralPostgres();
try {
  const sql = await diffSchemas(database.url, previous, current);
  if (!sql.trim() || sql.includes("This is an empty migration")) {
    console.log(`No schema change since ${values.from}.`);
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join("prisma/migrations", `${stamp}_${name}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "migration.sql"), sql);
    console.log(`Wrote ${dir}/migration.sql`);
  }
} finally {
  await database.stop();
}
// The schema engine leaves a 10 s lock-timeout timer behind that would keep the process alive.
process.exit(0);
