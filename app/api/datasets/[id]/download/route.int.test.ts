import { createHash } from "node:crypto";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "#server/db.ts";
import { env } from "#server/env.ts";
import { TestAuthClient } from "#server/test/auth-client.ts";
import { APP_ORIGIN, routeFetch } from "../../../../_test/route-fetch.ts";

const vegaDir = path.join(process.cwd(), "node_modules", "vega-datasets", "data");
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

const get = (id: string, headers?: HeadersInit) =>
  routeFetch(`${APP_ORIGIN}/api/datasets/${encodeURIComponent(id)}/download`, { headers });

async function signedIn() {
  const client = new TestAuthClient();
  const userId = await client.signInAnonymously();
  return { userId, headers: client.headers() };
}

describe("GET /api/datasets/[id]/download", () => {
  it("requires a session, and refuses a banned account", async () => {
    const anonymous = await get("vega-stocks");
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("cache-control")).toBe("no-store");
    expect(await anonymous.json()).toEqual({ error: "Sign-in required." });

    const { userId, headers } = await signedIn();
    await db.user.update({ where: { id: userId }, data: { banned: true } });
    const banned = await get("vega-stocks", headers);
    expect(banned.status).toBe(403);
    expect(await banned.json()).toEqual({ error: "This account is banned." });
  });

  it("sends a package file as an attachment with its length and ETag, and 304 to a client that has it", async () => {
    const { headers } = await signedIn();
    const onDisk = await readFile(path.join(vegaDir, "seattle-weather.csv"));
    const etag = `"${sha256(onDisk)}"`;

    const response = await get("vega-seattle-weather", headers);
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toEqual({
      "content-type": "text/csv; charset=utf-8",
      "content-length": String(onDisk.length),
      // What the browser's progress bar reads: Next drops content-length (file-response.ts).
      "x-file-size": String(onDisk.length),
      "content-disposition": 'attachment; filename="seattle-weather.csv"',
      "cache-control": "private, max-age=3600",
      etag,
    });
    expect(Buffer.from(await response.arrayBuffer()).equals(onDisk)).toBe(true);

    headers.set("if-none-match", `"other", ${etag}`);
    const revalidated = await get("vega-seattle-weather", headers);
    expect(revalidated.status).toBe(304);
    expect(Object.fromEntries(revalidated.headers)).toEqual({
      etag,
      "cache-control": "private, max-age=3600",
    });
    expect(await revalidated.text()).toBe("");
  });

  it("labels JSON, TSV and Parquet files with their types", async () => {
    const { headers } = await signedIn();
    const expected: [id: string, type: string, fileName: string][] = [
      ["vega-cars", "application/json", "cars.json"],
      ["vega-unemployment", "text/tab-separated-values", "unemployment.tsv"],
      ["vega-flights-3m", "application/vnd.apache.parquet", "flights-3m.parquet"],
    ];
    for (const [id, type, fileName] of expected) {
      const response = await get(id, headers);
      expect(response.status, id).toBe(200);
      expect(response.headers.get("content-type"), id).toBe(type);
      const { size } = await stat(path.join(vegaDir, fileName));
      expect(response.headers.get("content-length"), id).toBe(String(size));
      expect(response.headers.get("x-file-size"), id).toBe(String(size));
      await response.body?.cancel();
    }
  });

  it("answers 404 for an id that is not in the catalog, Kaggle's included while it has no account", async () => {
    const { headers } = await signedIn();
    for (const id of ["vega-nope", "VEGA-STOCKS", "../package.json", "__proto__", "kaggle-insurance"]) {
      const response = await get(id, headers);
      expect(response.status, id).toBe(404);
      expect(await response.json()).toEqual({ error: `There is no dataset "${id}".` });
    }
  });

  it("answers 502 naming the source when a remote dataset cannot be fetched", async () => {
    const { headers } = await signedIn();
    // setup-env.ts points seaborn-data at a loopback port nothing listens on.
    const response = await get("seaborn-iris", headers);
    expect(response.status).toBe(502);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({
      error: "Dataset iris.csv is not available: cannot reach 127.0.0.1:9",
    });
  });

  it("serves a remote dataset from the cache, with its sha256 as ETag", async () => {
    const { headers } = await signedIn();
    // A copy fetched earlier: the cache only ever renames complete downloads into place.
    const bytes = Buffer.from("total_bill,tip\n16.99,1.01\n");
    const dir = env.DATASETS_DIR ?? "";
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "seaborn-tips.csv"), bytes);

    const response = await get("seaborn-tips", headers);
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "text/csv; charset=utf-8",
      "content-length": String(bytes.length),
      "content-disposition": 'attachment; filename="tips.csv"',
      etag: `"${sha256(bytes)}"`,
    });
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
  });
});
