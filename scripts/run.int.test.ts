import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const exec = promisify(execFile);

/** The Node flags package.json's scripts give the launcher: `node <flags> scripts/run.ts …`. */
const scripts = JSON.parse(readFileSync("package.json", "utf8")).scripts as Record<string, string>;
const nodeFlags =
  /^node\s+(.*?)\s*scripts\/run\.ts/
    .exec(scripts.dev ?? "")?.[1]
    ?.split(/\s+/)
    .filter(Boolean) ?? [];

/** Runs the launcher as `npm run …` would, with a clean environment plus `env`. */
async function launch(args: string[], env: Record<string, string>) {
  const { PATH, HOME } = process.env;
  try {
    const { stdout, stderr } = await exec(process.execPath, [...nodeFlags, "scripts/run.ts", ...args], {
      env: { PATH, HOME, NODE_ENV: "test", ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("the launcher (npm run dev / start / db:migrate)", () => {
  let busy: net.Server;
  let busyPort: number;
  let dataDir: string;

  beforeAll(async () => {
    busy = net.createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    busyPort = (busy.address() as net.AddressInfo).port;
    dataDir = await mkdtemp(path.join(os.tmpdir(), "ada-launcher-"));
  });
  afterAll(async () => {
    busy.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("migrates the database given by DATABASE_URL, and reports it up to date", async () => {
    const result = await launch(["migrate"], { DATABASE_URL: inject("databaseUrl") });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("database: DATABASE_URL");
    expect(result.stdout).toContain("migrations: up to date");
  });

  it("explains a busy embedded Postgres port in one line", async () => {
    const result = await launch(["migrate"], { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(busyPort) });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringContaining(`Port ${busyPort} is already in use: set EMBEDDED_PG_PORT to a free port.`),
    ]);
  });

  it("explains a busy app port in one line, before starting anything", async () => {
    const result = await launch(["dev"], { DATA_DIR: dataDir, PORT: String(busyPort) });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringContaining(`Port ${busyPort} is already in use: stop whatever uses it or run with PORT=`),
    ]);
  });

  it("refuses to start on an invalid variable and names it", async () => {
    const result = await launch(["migrate"], { DATA_DIR: dataDir, QUOTA_TOKENS_ANON: "lots" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Invalid environment variables");
    expect(result.stderr).toContain("QUOTA_TOKENS_ANON");
    expect(result.stderr).not.toContain("    at ");
  });

  it("requires BETTER_AUTH_SECRET in production", async () => {
    const result = await launch(["migrate"], { DATA_DIR: dataDir, NODE_ENV: "production" });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("BETTER_AUTH_SECRET");
  });
});
