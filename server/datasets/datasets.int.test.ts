import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { type CatalogEntry, kaggleDatasets, seabornDatasets, vegaDatasets } from "./catalog.ts";
import { createDatasets, type DatasetFile } from "./datasets.ts";

const vegaDir = path.join(process.cwd(), "node_modules", "vega-datasets", "data");
const account = { username: "ada-tests", key: "kaggle-secret-key" };
const basicAuth = `Basic ${Buffer.from(`${account.username}:${account.key}`).toString("base64")}`;
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
const zipStart = Buffer.from("PK\x03\x04", "latin1");

/** The stand-in's answer to a path: `hang` sends nothing. By default a small CSV naming the path. */
type Answer = { status?: number; body?: Buffer; contentType?: string; hang?: boolean; location?: string };
const answers = new Map<string, Answer>();
const requests: { url: string; authorization?: string }[] = [];
const csvFor = (url: string) => Buffer.from(`requested,rows\n${url},1\n`);

// Stands in for seaborn-data (/seaborn/) and Kaggle's API (/kaggle/api/v1/, basic auth required).
const handle: http.RequestListener = (req, res) => {
  const url = req.url ?? "";
  requests.push({ url, authorization: req.headers.authorization });
  const answer = answers.get(url) ?? {};
  if (answer.hang) return;
  if (url.startsWith("/kaggle/") && req.headers.authorization !== basicAuth) return res.writeHead(401).end();
  if (answer.location) return res.writeHead(302, { location: answer.location }).end();
  const body = answer.body ?? csvFor(url);
  res.writeHead(answer.status ?? 200, {
    "content-type": answer.contentType ?? "text/csv",
    "content-length": body.length,
  });
  res.end(body);
};
const server = http.createServer(handle);
// Kaggle redirects downloads to its storage: another origin.
const storage = http.createServer(handle);
let origin: string;
let storageOrigin: string;

beforeAll(async () => {
  for (const listener of [server, storage]) {
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  }
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  storageOrigin = `http://127.0.0.1:${(storage.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const listener of [server, storage]) {
    listener.closeAllConnections();
    await new Promise((resolve) => listener.close(resolve));
  }
});
beforeEach(() => {
  answers.clear();
  requests.length = 0;
});

type Options = { timeoutMs?: number; maxBytes?: number; seabornUrl?: string; kaggleKey?: string | null };

async function datasetsOf(options: Options = {}) {
  const dir = await mkdtemp(path.join(inject("dataDir"), "datasets-"));
  const key = options.kaggleKey === undefined ? account.key : options.kaggleKey;
  const datasets = createDatasets({
    vegaDir,
    // No trailing slash: the base is a directory all the same.
    seabornUrl: options.seabornUrl ?? `${origin}/seaborn`,
    kaggle: key === null ? undefined : { apiUrl: `${origin}/kaggle/api/v1`, username: account.username, key },
    dir,
    timeoutMs: options.timeoutMs ?? 5000,
    maxBytes: options.maxBytes ?? 1_000_000,
  });
  return { dir, ...datasets };
}

const urlOf = (entry: CatalogEntry) =>
  entry.source === "kaggle" ? `/kaggle/api/v1/datasets/download/${entry.origin}` : `/seaborn/${entry.origin}`;

async function bytesOf(file: DatasetFile) {
  if (file.status !== "ok") throw new Error(`expected a file, got ${JSON.stringify(file)}`);
  return Buffer.from(await new Response(file.body).arrayBuffer());
}

const remote = [...seabornDatasets, ...kaggleDatasets];
const [insurance, netflix] = kaggleDatasets as [CatalogEntry, CatalogEntry];
const [iris] = seabornDatasets as [CatalogEntry];

describe("createDatasets", () => {
  it("serves every catalog entry: the package's files from disk, remote ones fetched once", async () => {
    const { dir, listDatasets, openDataset } = await datasetsOf();

    for (const entry of vegaDatasets) {
      const onDisk = await readFile(path.join(vegaDir, entry.fileName));
      const file = await openDataset(entry.id);
      expect(file, entry.id).toMatchObject({ status: "ok", size: onDisk.length, sha256: sha256(onDisk) });
      expect((await bytesOf(file)).equals(onDisk), entry.id).toBe(true);
    }
    for (const entry of remote) {
      const file = await openDataset(entry.id);
      const served = csvFor(urlOf(entry));
      expect(file, entry.id).toMatchObject({ status: "ok", size: served.length, sha256: sha256(served) });
      expect((await bytesOf(file)).equals(served), entry.id).toBe(true);
    }
    expect(requests.map((request) => request.url)).toEqual(remote.map(urlOf));

    requests.length = 0;
    for (const entry of remote) {
      expect((await bytesOf(await openDataset(entry.id))).equals(csvFor(urlOf(entry)))).toBe(true);
    }
    expect(requests).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual(remote.map((e) => `${e.source}-${e.fileName}`).sort());

    const sizes = Object.fromEntries(
      (await listDatasets()).map((dataset) => [dataset.id, dataset.sizeBytes]),
    );
    for (const entry of remote) expect(sizes[entry.id], entry.id).toBe(csvFor(urlOf(entry)).length);
  });

  it("sends Kaggle the account as basic auth, only Kaggle, and keeps the key out of failures", async () => {
    const stored = "/storage/netflix_titles.csv";
    answers.set(urlOf(netflix), { location: `${storageOrigin}${stored}` });
    const { openDataset } = await datasetsOf();
    await bytesOf(await openDataset(insurance.id));
    expect((await bytesOf(await openDataset(netflix.id))).equals(csvFor(stored))).toBe(true);
    await bytesOf(await openDataset(iris.id));
    expect(requests).toEqual([
      { url: urlOf(insurance), authorization: basicAuth },
      { url: urlOf(netflix), authorization: basicAuth },
      // The redirect to another origin does not carry the key along.
      { url: stored, authorization: undefined },
      { url: urlOf(iris), authorization: undefined },
    ]);

    const refused = await (await datasetsOf({ kaggleKey: "wrong-key" })).openDataset(netflix.id);
    expect(refused).toEqual({
      status: "unavailable",
      dataset: netflix,
      reason: `${new URL(origin).host} answered HTTP 401`,
    });
    expect(JSON.stringify(refused)).not.toContain("wrong-key");
  });

  it("refuses a zip archive from Kaggle, by its type or its first bytes, and keeps nothing", async () => {
    const csvWithZipBytes = Buffer.concat([zipStart, Buffer.from("\x14\x00\x00\x00 rest of an archive")]);
    const cases: Answer[] = [
      { contentType: "application/zip", body: Buffer.from("zipped") },
      { body: csvWithZipBytes },
      // Shorter than the bytes the cache looks at first: inspected whole.
      { body: zipStart },
    ];
    for (const answer of cases) {
      answers.set(urlOf(insurance), answer);
      const { dir, openDataset } = await datasetsOf();
      expect(await openDataset(insurance.id)).toMatchObject({
        status: "unavailable",
        reason: `${new URL(origin).host} sent a zip archive, which Ada does not unpack`,
      });
      expect(await readdir(dir)).toEqual([]);
    }
  });

  it("names the host when seaborn-data cannot be reached or answers an error, and retries later", async () => {
    const offline = await datasetsOf({ seabornUrl: "http://127.0.0.1:9/" });
    expect(await offline.openDataset(iris.id)).toEqual({
      status: "unavailable",
      dataset: iris,
      reason: "cannot reach 127.0.0.1:9",
    });

    answers.set(urlOf(iris), { status: 404 });
    const { openDataset } = await datasetsOf();
    expect(await openDataset(iris.id)).toMatchObject({
      reason: `${new URL(origin).host} answered HTTP 404`,
    });
    answers.clear();
    expect((await bytesOf(await openDataset(iris.id))).equals(csvFor(urlOf(iris)))).toBe(true);
  });

  it("gives up on a source that does not answer within the timeout", async () => {
    answers.set(urlOf(iris), { hang: true });
    const { dir, openDataset } = await datasetsOf({ timeoutMs: 300 });
    const started = Date.now();
    expect(await openDataset(iris.id)).toMatchObject({
      status: "unavailable",
      reason: `${new URL(origin).host} did not deliver it within 0.3 s`,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await readdir(dir)).toEqual([]);
  });

  it("refuses a file over the size cap", async () => {
    const { dir, openDataset } = await datasetsOf({ maxBytes: 10 });
    expect(await openDataset(iris.id)).toMatchObject({
      status: "unavailable",
      reason: `the file at ${new URL(origin).host} is over 10 bytes`,
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it("knows only its catalog, and Kaggle's entries only with an account", async () => {
    const { openDataset } = await datasetsOf({ kaggleKey: null });
    for (const id of ["vega-nope", "seattle-weather", "__proto__", insurance.id]) {
      expect(await openDataset(id)).toEqual({ status: "not-found" });
    }
    expect(requests).toEqual([]);
  });
});
