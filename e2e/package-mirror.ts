/**
 * The Python package mirror of E2E runs (test code), as a process: a static server of the official
 * Pyodide wheels (./pyodide-wheels.ts), standing in for the CDN that PYODIDE_PACKAGES_URL names.
 * Every other file answers 404 as from a mirror that lacks it, so `import numpy` is still "not
 * available"; without the folder, every file does. `GET /` lists what it serves.
 *   node e2e/package-mirror.ts <port>
 */
import { createReadStream } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import { findWheelsDir } from "./pyodide-wheels.ts";

const port = Number(process.argv[2] ?? 0);
// Any of the ten marks the folder; the spec checks the ones it needs.
const dir = findWheelsDir("MANIFEST.md");
const served = dir ? (await readdir(dir)).filter((name) => name.endsWith(".whl")) : [];

const server = http.createServer(async (request, response) => {
  const name = decodeURIComponent(new URL(request.url ?? "/", "http://mirror").pathname.slice(1));
  if (name === "")
    return response
      .writeHead(200, { "content-type": "application/json" })
      .end(JSON.stringify({ dir, served }));
  if (!dir || !served.includes(name)) return response.writeHead(404).end();
  const file = path.join(dir, name);
  const { size } = await stat(file);
  response.writeHead(200, { "content-type": "application/zip", "content-length": size });
  createReadStream(file).pipe(response);
});
server.listen(port, "127.0.0.1", () => {
  console.log(
    `package mirror on http://127.0.0.1:${port}/ serving ${served.length} wheels from ${dir ?? "nowhere"}`,
  );
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
