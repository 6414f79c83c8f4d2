import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { listMigrations, MIGRATIONS_DIR } from "./migration-names.ts";
import { applyMigrations } from "./schema-engine.ts";

// Cells stored before outputs followed nbformat keep what they showed, converted in place.

const CONVERSION = "cell_outputs_nbformat";
const databaseUrl = inject("databaseUrl");
const url = databaseUrl.replace(/\/[^/]+$/, "/ada_outputs_migration");

async function withClient<T>(connection: string, work: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: connection });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const admin = (sql: string) =>
  withClient(databaseUrl.replace(/\/[^/]+$/, "/postgres"), (client) => client.query(sql));

describe("the nbformat outputs migration", () => {
  let before: string;
  beforeAll(async () => {
    await admin("DROP DATABASE IF EXISTS ada_outputs_migration");
    await admin("CREATE DATABASE ada_outputs_migration");
    before = await mkdtemp(path.join(os.tmpdir(), "ada-migrations-"));
    const names = await listMigrations();
    await cp(path.join(MIGRATIONS_DIR, "migration_lock.toml"), path.join(before, "migration_lock.toml"));
    for (const name of names.slice(
      0,
      names.findIndex((n) => n.endsWith(CONVERSION)),
    )) {
      await cp(path.join(MIGRATIONS_DIR, name), path.join(before, name), { recursive: true });
    }
    await applyMigrations(url, before);
  });
  afterAll(async () => {
    await rm(before, { recursive: true, force: true });
    await admin("DROP DATABASE IF EXISTS ada_outputs_migration");
  });

  it("turns value, figures and tables into ordered output objects, streams first", async () => {
    const ids = await withClient(url, async (client) => {
      await client.query(`INSERT INTO "user" (id, name, email, email_verified, created_at, updated_at)
        VALUES ('u1', 'Old', 'old@example.com', true, now(), now())`);
      const session = await client.query(
        `INSERT INTO agent_sessions (account_id, title) VALUES ('u1', 'Old') RETURNING id`,
      );
      const message = await client.query(
        `INSERT INTO agent_messages (session_id, account_id, role, content, seq)
         VALUES ($1, 'u1', 'assistant', 'x', 1) RETURNING id`,
        [session.rows[0].id],
      );
      const cell = (
        callId: string,
        status: string,
        stdout: string | null,
        stderr: string | null,
        outputs: unknown,
      ) =>
        client
          .query(
            `INSERT INTO agent_tool_calls
               (session_id, message_id, account_id, call_id, name, proposed_code, status, stdout, stderr, outputs)
             VALUES ($1, $2, 'u1', $3, 'python_run', 'x', $4::tool_call_status, $5, $6, $7) RETURNING id`,
            [session.rows[0].id, message.rows[0].id, callId, status, stdout, stderr, JSON.stringify(outputs)],
          )
          .then((result) => result.rows[0].id as string);
      return {
        full: await cell("a", "completed", "hi\n", "warn\n", {
          value: "42",
          figures: [{ png: "P1" }, { png: "P2" }],
          tables: [{ html: "<table>1</table>" }],
        }),
        failed: await cell("b", "error", "", "Traceback…\nValueError: x", { figures: [], tables: [] }),
        skipped: await cell("c", "skipped", null, null, null),
      };
    });

    expect(await applyMigrations(url, MIGRATIONS_DIR)).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(`${CONVERSION}$`))]),
    );

    const outputs = await withClient(url, async (client) => {
      const rows = await client.query("SELECT id, outputs FROM agent_tool_calls");
      return Object.fromEntries(rows.rows.map((row) => [row.id, row.outputs]));
    });
    const display = (data: Record<string, string>) => ({ output_type: "display_data", data, metadata: {} });
    expect(outputs[ids.full]).toEqual([
      { output_type: "stream", name: "stdout", text: "hi\n" },
      { output_type: "stream", name: "stderr", text: "warn\n" },
      display({ "text/html": "<table>1</table>" }),
      { output_type: "execute_result", execution_count: null, data: { "text/plain": "42" }, metadata: {} },
      display({ "image/png": "P1" }),
      display({ "image/png": "P2" }),
    ]);
    expect(outputs[ids.failed]).toEqual([
      { output_type: "stream", name: "stderr", text: "Traceback…\nValueError: x" },
    ]);
    expect(outputs[ids.skipped]).toBeNull();
  });
});
