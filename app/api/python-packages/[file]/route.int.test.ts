import { mkdir, writeFile } from "node:fs/promises";
import { type AddressInfo, createServer, type Socket } from "node:net";
import path from "node:path";
import lock from "pyodide/pyodide-lock.json" with { type: "json" };
import { describe, expect, it, vi } from "vitest";
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

  it("answers 503 naming the package at once when the distribution cannot be reached, and remembers it", async () => {
    // setup-env.ts points the distribution at a loopback port nothing listens on.
    const response = await get(lock.packages.numpy.file_name);
    expect(response.status).toBe(503);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("retry-after")).toBe("30");
    expect(await response.json()).toEqual({
      error: "Package numpy is not available: cannot reach 127.0.0.1:9",
      package: "numpy",
      reason: "cannot reach 127.0.0.1:9",
    });

    const started = Date.now();
    const next = await get(lock.packages.pandas.file_name);
    expect(next.status).toBe(503);
    expect(Number(next.headers.get("retry-after"))).toBeLessThanOrEqual(30);
    expect(await next.json()).toMatchObject({
      error: "Package pandas is not available: cannot reach 127.0.0.1:9",
    });
    expect(Date.now() - started).toBeLessThan(200);
  });

  it("gives up within seconds on a distribution that accepts connections and never answers", async () => {
    const sockets = new Set<Socket>();
    const requests: string[] = [];
    const blackHole = createServer((socket) => {
      sockets.add(socket);
      socket.on("data", (data) => requests.push(data.toString().split("\r\n")[0] ?? ""));
    });
    await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", resolve));
    const host = `127.0.0.1:${(blackHole.address() as AddressInfo).port}`;
    try {
      // The route as deployed with such a distribution: its module, configured from the environment.
      vi.stubEnv("PYODIDE_PACKAGES_URL", `http://${host}/full/`);
      vi.resetModules();
      const route = await import("./route.ts");
      const getFrom = (file: string) =>
        route.GET(new Request(`http://localhost:3000/api/python-packages/${file}`), {
          params: Promise.resolve({ file }),
        });

      let started = Date.now();
      const response = await getFrom(lock.packages.numpy.file_name);
      expect(Date.now() - started).toBeLessThan(8000);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        error: `Package numpy is not available: ${host} did not answer within 5 s`,
      });

      started = Date.now();
      expect((await getFrom(lock.packages.scipy.file_name)).status).toBe(503);
      expect(Date.now() - started).toBeLessThan(200);
      // Asked once (an aborted fetch may leave undici to open a spare, silent connection).
      expect(requests).toEqual([`GET /full/${lock.packages.numpy.file_name} HTTP/1.1`]);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => blackHole.close(resolve));
    }
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
      "x-file-size": String(bytes.length),
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
