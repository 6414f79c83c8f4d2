import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import lock from "pyodide/pyodide-lock.json" with { type: "json" };
import { describe, expect, it } from "vitest";
import { env } from "#server/env.ts";
import { GET } from "./route.ts";

const get = (file: string, headers?: HeadersInit) =>
  GET(new Request(`http://localhost:3000/api/python-packages/${encodeURIComponent(file)}`, { headers }), {
    params: Promise.resolve({ file }),
  });

describe("GET /api/python-packages/[file]", () => {
  it("answers 404 for a name that is not in Pyodide's lock file", async () => {
    for (const file of ["numpy.whl", "../pyodide-lock.json", ".hidden", "__proto__"]) {
      const response = await get(file);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: `"${file}" is not a Pyodide package file.` });
    }
  });

  it("answers 502 naming the package when the distribution cannot be reached", async () => {
    // setup-env.ts points the distribution at a loopback port nothing listens on.
    const response = await get(lock.packages.numpy.file_name);
    expect(response.status).toBe(502);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({
      error: "Package numpy is not available: cannot reach 127.0.0.1:9",
    });
  });

  it("serves a cached file for good, and 304 to a client that has it", async () => {
    const { file_name, sha256 } = lock.packages.micropip;
    // A copy verified earlier: the cache only ever renames checked downloads into place.
    const bytes = Buffer.from("cached micropip wheel");
    const dir = env.PYODIDE_PACKAGES_DIR ?? "";
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, `${sha256}-${file_name}`), bytes);

    const response = await get(file_name);
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "application/zip",
      "content-length": String(bytes.length),
      etag: `"${sha256}"`,
      "cache-control": "public, max-age=31536000, immutable",
    });
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);

    const revalidated = await get(file_name, { "if-none-match": `"other", W/"${sha256}"` });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get("etag")).toBe(`"${sha256}"`);
    expect((await get(file_name, { "if-none-match": '"other"' })).status).toBe(200);
  });
});
