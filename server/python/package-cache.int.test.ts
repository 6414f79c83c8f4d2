import { createHash } from "node:crypto";
import { mkdtemp, readdir } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createPackageCache, type LockEntry, type PackageFile } from "./package-cache.ts";

const wheel = Buffer.from("PK\x03\x04 a stand-in wheel ".repeat(4096));
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const entry = (name: string, sha = sha256(wheel)): LockEntry => ({
  name,
  file_name: `${name}-1.0-py3-none-any.whl`,
  sha256: sha,
});

/** The stand-in distribution's answer to a path: `hang` sends nothing, `stall` the headers and `body` only. */
type Answer = { status?: number; body?: Buffer; chunked?: boolean; hang?: boolean; stall?: boolean };
const answers = new Map<string, Answer>();
const requested: string[] = [];
const server = http.createServer(async (req, res) => {
  requested.push(req.url ?? "");
  const answer = answers.get(req.url ?? "") ?? { status: 404 };
  if (answer.hang) return;
  // Slow enough that concurrent requests really overlap the download.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const body = answer.body ?? Buffer.alloc(0);
  res.writeHead(answer.status ?? 200, answer.chunked ? {} : { "content-length": body.length });
  if (answer.stall) return res.write(body);
  if (answer.chunked) for (let at = 0; at < body.length; at += 1000) res.write(body.subarray(at, at + 1000));
  res.end(answer.chunked ? undefined : body);
});
let sourceUrl: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  sourceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/full/`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  answers.clear();
  requested.length = 0;
});

async function cacheOf(entries: LockEntry[], options: { timeoutMs?: number; maxBytes?: number } = {}) {
  const dir = await mkdtemp(path.join(inject("dataDir"), "packages-"));
  const getFile = createPackageCache({
    entries,
    sourceUrl,
    dir,
    timeoutMs: options.timeoutMs ?? 5000,
    maxBytes: options.maxBytes ?? 1_000_000,
  });
  return { dir, getFile };
}

async function bytesOf(file: PackageFile) {
  if (file.status !== "ok") throw new Error(`expected a file, got ${JSON.stringify(file)}`);
  return Buffer.from(await new Response(file.body).arrayBuffer());
}

describe("createPackageCache", () => {
  it("downloads a file once, verifies it and serves it from disk afterwards", async () => {
    const numpy = entry("numpy");
    answers.set(`/full/${numpy.file_name}`, { body: wheel });
    const { dir, getFile } = await cacheOf([numpy]);

    const first = await getFile(numpy.file_name);
    expect(first).toMatchObject({ status: "ok", name: "numpy", sha256: numpy.sha256, size: wheel.length });
    expect((await bytesOf(first)).equals(wheel)).toBe(true);

    answers.clear();
    const second = await getFile(numpy.file_name);
    expect((await bytesOf(second)).equals(wheel)).toBe(true);
    expect(requested).toEqual([`/full/${numpy.file_name}`]);
    expect(await readdir(dir)).toEqual([`${numpy.sha256}-${numpy.file_name}`]);
  });

  it("shares one download among concurrent requests for the same file", async () => {
    const pandas = entry("pandas");
    answers.set(`/full/${pandas.file_name}`, { body: wheel, chunked: true });
    const { getFile } = await cacheOf([pandas]);

    const files = await Promise.all(Array.from({ length: 5 }, () => getFile(pandas.file_name)));
    for (const file of files) expect((await bytesOf(file)).equals(wheel)).toBe(true);
    expect(requested).toHaveLength(1);
  });

  it("refuses a file whose checksum does not match the lock, and keeps nothing", async () => {
    const tampered = entry("tampered", sha256(Buffer.from("the real wheel")));
    answers.set(`/full/${tampered.file_name}`, { body: wheel });
    const { dir, getFile } = await cacheOf([tampered]);

    expect(await getFile(tampered.file_name)).toEqual({
      status: "unavailable",
      name: "tampered",
      reason: `the file from ${new URL(sourceUrl).host} does not match the lock file's checksum`,
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it("refuses a file over the size limit, declared or not", async () => {
    const big = entry("big");
    const streamed = entry("streamed");
    answers.set(`/full/${big.file_name}`, { body: wheel });
    answers.set(`/full/${streamed.file_name}`, { body: wheel, chunked: true });
    const { dir, getFile } = await cacheOf([big, streamed], { maxBytes: wheel.length - 1 });

    for (const file of [big, streamed]) {
      expect(await getFile(file.file_name)).toMatchObject({
        status: "unavailable",
        reason: expect.stringContaining(`is over ${wheel.length - 1} bytes`),
      });
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it("gives up on a source that does not answer, or stops sending, within the timeout", async () => {
    const silent = entry("silent");
    const stalled = entry("stalled");
    answers.set(`/full/${silent.file_name}`, { hang: true });
    answers.set(`/full/${stalled.file_name}`, { body: wheel.subarray(0, 1000), chunked: true, stall: true });
    const { dir, getFile } = await cacheOf([silent, stalled], { timeoutMs: 300 });

    for (const file of [silent, stalled]) {
      const started = Date.now();
      expect(await getFile(file.file_name)).toMatchObject({
        status: "unavailable",
        reason: expect.stringMatching(/^127\.0\.0\.1:\d+ did not deliver it within 0\.3 s$/),
      });
      expect(Date.now() - started).toBeLessThan(2000);
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it("reports HTTP errors and an unreachable source, and tries again on the next request", async () => {
    const missing = entry("missing");
    const broken = entry("broken");
    answers.set(`/full/${broken.file_name}`, { status: 500 });
    const { getFile } = await cacheOf([missing, broken]);

    expect(await getFile(missing.file_name)).toMatchObject({
      status: "unavailable",
      name: "missing",
      reason: expect.stringMatching(/answered HTTP 404$/),
    });
    expect(await getFile(broken.file_name)).toMatchObject({ reason: expect.stringMatching(/HTTP 500$/) });

    answers.set(`/full/${broken.file_name}`, { body: wheel });
    expect((await bytesOf(await getFile(broken.file_name))).equals(wheel)).toBe(true);

    const offline = createPackageCache({
      entries: [missing],
      sourceUrl: "http://127.0.0.1:9/",
      dir: await mkdtemp(path.join(inject("dataDir"), "packages-")),
      timeoutMs: 5000,
      maxBytes: 1_000_000,
    });
    expect(await offline(missing.file_name)).toMatchObject({ reason: "cannot reach 127.0.0.1:9" });
  });

  it("knows only the files in its lock", async () => {
    const numpy = entry("numpy");
    const { getFile } = await cacheOf([numpy]);
    for (const name of ["scipy-1.0-py3-none-any.whl", "numpy", "__proto__"]) {
      expect(await getFile(name)).toEqual({ status: "not-found" });
    }
    expect(requested).toEqual([]);
  });
});
