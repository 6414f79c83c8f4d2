import net from "node:net";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { db, syncPool } from "../db.ts";
import { createPool } from "./pool.ts";

const url = inject("databaseUrl");

/** A server that accepts connections and never answers, like a database host that hangs. */
async function silentServer() {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `postgres://ada:secret@127.0.0.1:${port}/ada`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

const elapsed = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  const error = await work().then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, ms: performance.now() - started };
};

describe("database connections", () => {
  const pools: pg.Pool[] = [];
  afterAll(() => Promise.all(pools.map((pool) => pool.end())));

  it("carry the configured statement timeout, Prisma's and the sync pool's alike", async () => {
    const [prisma] = await db.$queryRaw<{ statement_timeout: string }[]>`SHOW statement_timeout`;
    expect(prisma?.statement_timeout).toBe("30s");
    const { rows } = await syncPool.query<{ statement_timeout: string }>("SHOW statement_timeout");
    expect(rows[0]?.statement_timeout).toBe("30s");
  });

  it("cancel a statement that runs past the timeout", async () => {
    const pool = createPool(url, "test", { connectTimeoutMs: 2_000, statementTimeoutMs: 200 }, { max: 1 });
    pools.push(pool);
    const { error, ms } = await elapsed(() => pool.query("SELECT pg_sleep(5)"));
    expect(error).toMatchObject({ code: "57014" });
    expect(ms).toBeLessThan(2_000);
  });

  it("give up on a database host that does not answer", async () => {
    const silent = await silentServer();
    const pool = createPool(
      silent.url,
      "test",
      { connectTimeoutMs: 300, statementTimeoutMs: 1_000 },
      { max: 1 },
    );
    pools.push(pool);
    try {
      const { error, ms } = await elapsed(() => pool.query("SELECT 1"));
      expect(error).toBeInstanceOf(Error);
      expect(ms).toBeLessThan(2_000);
    } finally {
      await silent.close();
    }
  });

  it("give up waiting for a free connection of a busy pool", async () => {
    const pool = createPool(url, "test", { connectTimeoutMs: 300, statementTimeoutMs: 1_000 }, { max: 1 });
    pools.push(pool);
    const held = await pool.connect();
    try {
      const { error, ms } = await elapsed(() => pool.query("SELECT 1"));
      expect(String(error)).toMatch(/timeout/i);
      expect(ms).toBeLessThan(2_000);
    } finally {
      held.release();
    }
  });

  it("survive the server closing idle connections (a restart or failover)", async () => {
    await syncPool.query("SELECT 1");
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const { rowCount } = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'ada-sync'",
      );
      expect(rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    // The pool reports the lost connection as an `error` event: unheard, it would end the process.
    await expect.poll(() => syncPool.idleCount, { timeout: 5_000 }).toBe(0);
    const { rows } = await syncPool.query<{ one: number }>("SELECT 1 AS one");
    expect(rows[0]?.one).toBe(1);
  });
});
