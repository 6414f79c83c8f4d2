/**
 * GET /api/python-packages/[file]: a package file for the browser's Pyodide (its
 * `packageBaseUrl`). No session: these are public open-source files, and only names in
 * pyodide-lock.json are fetched, so this is no open proxy.
 */
import "server-only";
import { z } from "zod";
import { serveFile } from "../files/file-response.ts";
import { refuse, routeHandler } from "../route-handler.ts";
import { getPythonPackage, type PackageFile } from "./package-cache.ts";

// Lock file names are plain names: no path separators, no leading dot.
const fileName = z
  .string()
  .max(255)
  .regex(/^[\w+-][\w.+-]*$/);

export const servePythonPackage = routeHandler<{ file: string }>(
  async ({ request, params: { file }, log }) => {
    const parsed = fileName.safeParse(file);
    let found: PackageFile = { status: "not-found" };
    try {
      if (parsed.success) found = await getPythonPackage(parsed.data);
    } catch (error) {
      // The cache directory itself failed (permissions, full disk): the operator's to fix.
      log.error({ err: error, file }, "python package cache failed");
      return refuse(500, `Package file ${file} cannot be served right now.`);
    }
    if (found.status === "not-found") return refuse(404, `"${file}" is not a Pyodide package file.`);
    if (found.status === "unavailable") {
      log.warn({ file, reason: found.reason }, "python package unavailable");
      const error = `Package ${found.name} is not available: ${found.reason}`;
      const details = { package: found.name, reason: found.reason };
      // 503: the distribution could not be reached at all, and is not asked again before Retry-After
      // (the browser then reports one line for the whole import). 502: it answered, but badly.
      if (found.retryAfterMs === undefined) return refuse(502, error, { details });
      const retryAfter = String(Math.ceil(found.retryAfterMs / 1000));
      return refuse(503, error, { details, headers: { "retry-after": retryAfter } });
    }
    return serveFile(request, found, {
      "content-type": /\.(whl|zip)$/.test(file) ? "application/zip" : "application/octet-stream",
      // The checksum pins the bytes behind this name for good.
      "cache-control": "public, max-age=31536000, immutable",
    });
  },
);
