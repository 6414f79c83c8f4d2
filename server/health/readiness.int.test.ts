import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { checkReadiness } from "./readiness.ts";

describe("checkReadiness", () => {
  it("names a migration that the database has not applied", async () => {
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    try {
      const { rows } = await client.query(
        "UPDATE _prisma_migrations SET rolled_back_at = now() WHERE id = (SELECT id FROM _prisma_migrations LIMIT 1) RETURNING migration_name",
      );
      expect(await checkReadiness()).toEqual({
        ready: false,
        reason: `pending migrations: ${rows[0].migration_name}`,
      });
    } finally {
      await client.query("UPDATE _prisma_migrations SET rolled_back_at = NULL");
      await client.end();
    }
    expect(await checkReadiness()).toEqual({ ready: true });
  });

  it("answers in time when the database does not", async () => {
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    try {
      // Holding this lock blocks the readiness query, as a database in trouble would.
      await client.query("BEGIN; LOCK TABLE _prisma_migrations IN ACCESS EXCLUSIVE MODE");
      const started = performance.now();
      expect(await checkReadiness(300)).toEqual({
        ready: false,
        reason: "the database did not answer within 300 ms",
      });
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      await client.query("ROLLBACK");
      await client.end();
    }
  });
});
