/**
 * Runs the Prisma CLI offline. The CLI insists on downloading its native schema engine before any
 * command, though `generate`, `validate` and `format` only use WebAssembly; pointing
 * PRISMA_SCHEMA_ENGINE_BINARY at any existing file satisfies that check (ARCHITECTURE.md, "Traps").
 * Migrations do not go through the CLI: see server/postgres/schema-engine.ts.
 *   node scripts/prisma.ts generate|validate|format
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
if (!["generate", "validate", "format"].includes(args[0] ?? "")) {
  console.error("Usage: node scripts/prisma.ts generate|validate|format (migrations: npm run db:migrate)");
  process.exit(2);
}
const result = spawnSync("prisma", args, {
  stdio: "inherit",
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: fileURLToPath(import.meta.url) },
});
process.exit(result.status ?? 1);
