import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("./healthcheck.mjs", import.meta.url));

/** Runs the container's health check against `port`; resolves with its exit code. */
function healthcheck(port: number) {
  return new Promise<number>((resolve) => {
    execFile(process.execPath, [script], { env: { ...process.env, PORT: String(port) } }, (error) =>
      resolve(error ? Number(error.code ?? 1) : 0),
    );
  });
}

describe("scripts/healthcheck.mjs", () => {
  // The app while its database is down: alive, not ready.
  const server = http.createServer((req, res) => {
    res.writeHead(req.url === "/healthz" ? 200 : 503).end();
  });
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it("passes while the process serves, even when it is not ready", async () => {
    expect(await healthcheck(port)).toBe(0);
  });

  it("fails when nothing answers", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port: freePort } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    expect(await healthcheck(freePort)).toBe(1);
  });
});
