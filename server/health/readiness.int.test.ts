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
});
