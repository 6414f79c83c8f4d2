import { createHash } from "node:crypto";
import { mkdtemp, readdir } from "node:fs/promises";
import http from "node:http";
import { type AddressInfo, createServer, type Socket } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import {
  createPackageCache,
  type LockEntry,
  type PackageCacheOptions,
  type PackageFile,
} from "./package-cache.ts";

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

type Options = Partial<Omit<PackageCacheOptions, "entries" | "dir">>;

async function cacheOf(entries: LockEntry[], options: Options = {}) {
  const dir = await mkdtemp(path.join(inject("dataDir"), "packages-"));
  const getFile = createPackageCache({
    entries,
    sourceUrl,
    dir,
    timeoutMs: 5000,
    maxBytes: 1_000_000,
    answerTimeoutMs: 5000,
    // Forgotten at once unless a test is about remembering.
    retryUnreachableAfterMs: 0,
    ...options,
  });
  return { dir, getFile };
}

/** A host that accepts connections and never answers, as a black-holed mirror behind a proxy. */
async function blackHole() {
  const sockets = new Set<Socket>();
  let requests = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    // Requests, not connections: an aborted fetch may leave undici to open a spare, silent one.
    socket.on("data", () => requests++);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/full/`,
    requests: () => requests,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

async function timed<T>(work: Promise<T>) {
  const started = Date.now();
  const result = await work;
  return { result, ms: Date.now() - started };
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

    const { getFile: offline } = await cacheOf([missing], { sourceUrl: "http://127.0.0.1:9/" });
    expect(await offline(missing.file_name)).toMatchObject({ reason: "cannot reach 127.0.0.1:9" });
  });

  it("fails within seconds on a closed port or a host that never answers, and then at once", async () => {
    const hole = await blackHole();
    try {
      const [numpy, pandas] = [entry("numpy"), entry("pandas")];
      for (const { url, reason } of [
        { url: "http://127.0.0.1:9/", reason: "cannot reach 127.0.0.1:9" },
        { url: hole.url, reason: `${new URL(hole.url).host} did not answer within 0.5 s` },
      ]) {
        const { getFile } = await cacheOf([numpy, pandas], {
          sourceUrl: url,
          answerTimeoutMs: 500,
          retryUnreachableAfterMs: 60_000,
        });
        const first = await timed(getFile(numpy.file_name));
        expect(first.result).toEqual({ status: "unavailable", name: "numpy", reason, retryAfterMs: 60_000 });
        expect(first.ms).toBeLessThan(2000);

        // Remembered: another file of the same host is refused without asking it again.
        const second = await timed(getFile(pandas.file_name));
        expect(second.result).toMatchObject({ status: "unavailable", name: "pandas", reason });
        expect((second.result as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(55_000);
        expect(second.ms).toBeLessThan(100);
      }
      expect(hole.requests()).toBe(1);
    } finally {
      await hole.close();
    }
  });

  it("serves cached files while the host is remembered as down, and asks it again later", async () => {
    const numpy = entry("numpy");
    const pandas = entry("pandas");
    answers.set(`/full/${numpy.file_name}`, { body: wheel });
    answers.set(`/full/${pandas.file_name}`, { body: wheel });
    const { getFile } = await cacheOf([numpy, pandas], {
      answerTimeoutMs: 300,
      retryUnreachableAfterMs: 400,
    });
    expect(await getFile(numpy.file_name)).toMatchObject({ status: "ok" });

    // The distribution stops answering: pandas fails and the host is remembered as down…
    answers.set(`/full/${pandas.file_name}`, { hang: true });
    expect(await getFile(pandas.file_name)).toMatchObject({ status: "unavailable", retryAfterMs: 400 });
    expect(await getFile(numpy.file_name)).toMatchObject({ status: "ok" });
    requested.length = 0;
    expect(await getFile(pandas.file_name)).toMatchObject({ status: "unavailable" });
    expect(requested).toEqual([]);

    // …until the memory runs out: then it is asked again.
    answers.set(`/full/${pandas.file_name}`, { body: wheel });
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect((await bytesOf(await getFile(pandas.file_name))).equals(wheel)).toBe(true);
  });

  it("does not remember a host that answered, however badly", async () => {
    const broken = entry("broken");
    answers.set(`/full/${broken.file_name}`, { status: 500 });
    const { getFile } = await cacheOf([broken], { retryUnreachableAfterMs: 60_000 });
    const failed = await getFile(broken.file_name);
    expect(failed).toMatchObject({ status: "unavailable", reason: expect.stringMatching(/HTTP 500$/) });
    expect(failed).not.toHaveProperty("retryAfterMs");
    answers.set(`/full/${broken.file_name}`, { body: wheel });
    expect(await getFile(broken.file_name)).toMatchObject({ status: "ok" });
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
