import { readFile } from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MIGRATIONS_DIR } from "./migration-names.ts";
import { applyMigrations, diffSchemas } from "./schema-engine.ts";

/** Everything about the public schema that a migration can change, in a comparable form. */
async function catalog(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const query = async (sql: string) => (await client.query(sql)).rows;
    return {
      columns: await query(`
        SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default,
               character_maximum_length, datetime_precision
        FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
        ORDER BY table_name, column_name`),
      constraints: await query(`
        SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace
          AND conrelid::regclass::text <> '_prisma_migrations'
        ORDER BY 1, 2`),
      indexes: await query(`
        SELECT tablename, indexname, indexdef FROM pg_indexes
        WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`),
      enums: await query(`
        SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY 1 ORDER BY 1`),
    };
  } finally {
    await client.end();
  }
}

const databaseUrl = inject("databaseUrl");
const scratchUrl = databaseUrl.replace(/\/[^/]+$/, "/ada_schema_only");
const emptyUrl = databaseUrl.replace(/\/[^/]+$/, "/ada_empty");

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: databaseUrl.replace(/\/[^/]+$/, "/postgres") });
  await client.connect();
  await client.query(sql);
  await client.end();
}

describe("migrations", () => {
  beforeAll(async () => {
    await admin("DROP DATABASE IF EXISTS ada_schema_only");
    await admin("CREATE DATABASE ada_schema_only");
    await admin("DROP DATABASE IF EXISTS ada_empty");
    await admin("CREATE DATABASE ada_empty");
  });
  afterAll(async () => {
    await admin("DROP DATABASE IF EXISTS ada_schema_only");
    await admin("DROP DATABASE IF EXISTS ada_empty");
  });

  it("build exactly the database that schema.prisma describes (no drift)", async () => {
    // The test database was built by the committed migrations; build another straight from the schema.
    const schema = await readFile("prisma/schema.prisma", "utf8");
    const sql = await diffSchemas(scratchUrl, null, schema);
    const client = new pg.Client({ connectionString: scratchUrl });
    await client.connect();
    await client.query(sql);
    await client.end();

    const fromMigrations = await catalog(databaseUrl);
    expect(fromMigrations.columns.length).toBeGreaterThan(50);
    expect(await catalog(scratchUrl)).toEqual(fromMigrations);
  });

  it("apply once: a second run applies nothing", async () => {
    const first = await applyMigrations(emptyUrl, MIGRATIONS_DIR);
    expect(first.length).toBeGreaterThan(0);
    expect(await applyMigrations(emptyUrl, MIGRATIONS_DIR)).toEqual([]);
  });

  it("create every table of the design with its account foreign key", async () => {
    const { constraints } = await catalog(databaseUrl);
    const accountKeys = constraints
      .filter((c) => /FOREIGN KEY \((account_id|user_id)\) REFERENCES "user"\(id\)/.test(c.definition))
      .map((c) => c.table_name)
      .sort();
    expect(accountKeys).toEqual(
      [
        "account",
        "agent_messages",
        "agent_sessions",
        "agent_tool_calls",
        "quota_buckets",
        "session",
        "usage_log",
        "virtual_keys",
      ].sort(),
    );
  });
});
