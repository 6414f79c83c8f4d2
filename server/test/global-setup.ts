import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEphemeralPostgres } from "../postgres/embedded-postgres.ts";
import { MIGRATIONS_DIR } from "../postgres/migration-names.ts";
import { applyMigrations } from "../postgres/schema-engine.ts";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    dataDir: string;
  }
}

/** Integration tests get their own embedded Postgres, migrated, and a scratch DATA_DIR. */
export default async function setup(project: TestProject) {
  const database = await startEphemeralPostgres("ada_test");
  await applyMigrations(database.url, MIGRATIONS_DIR);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "ada-data-"));
  project.provide("databaseUrl", database.url);
  project.provide("dataDir", dataDir);
  return async () => {
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
