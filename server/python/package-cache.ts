/**
 * Pyodide's package files (wheels and zips named in pyodide-lock.json), served same-origin: each is
 * fetched once from the official distribution, checked against the lock's sha256 while it is
 * written to a temporary file, and only then renamed into the cache. Unverified bytes are never
 * cached or served.
 */
import "server-only";
import path from "node:path";
import pyodidePackage from "pyodide/package.json" with { type: "json" };
import lock from "pyodide/pyodide-lock.json" with { type: "json" };
import { env } from "../env.ts";
import type { FileBody } from "../files/local-file.ts";
import { createRemoteFileCache, directoryUrl } from "../files/remote-file-cache.ts";

/** What the cache needs of a pyodide-lock.json entry. */
export type LockEntry = { name: string; file_name: string; sha256: string };

export type PackageCacheOptions = {
  entries: LockEntry[];
  /** The distribution's directory the `file_name`s are relative to. */
  sourceUrl: string;
  dir: string;
  /** Longest one download may take, body included. */
  timeoutMs: number;
  maxBytes: number;
  /** Longest the distribution may take to answer at all (connect and response headers). */
  answerTimeoutMs: number;
  /** How long a distribution that could not be reached is not asked again. */
  retryUnreachableAfterMs: number;
};

export type PackageFile =
  | ({ status: "ok"; name: string } & FileBody)
  | { status: "not-found" }
  /** `retryAfterMs`: the distribution could not be reached, and is not asked again before then. */
  | { status: "unavailable"; name: string; reason: string; retryAfterMs?: number };

/**
 * An offline machine must learn in seconds that packages cannot be had, not wait a minute per
 * file: a distribution that has not answered within this is unreachable…
 */
const ANSWER_TIMEOUT_MS = 5_000;
/** …and is then not asked again for a while, so the next imports fail at once. */
const RETRY_UNREACHABLE_AFTER_MS = 30_000;

/** A function from a lock `file_name` to a verified copy of that file, downloaded on first use. */
export function createPackageCache(options: PackageCacheOptions) {
  const entries = new Map(options.entries.map((entry) => [entry.file_name, entry]));
  const source = directoryUrl(options.sourceUrl);
  const cache = createRemoteFileCache(options);

  return async function getPackageFile(fileName: string): Promise<PackageFile> {
    const entry = entries.get(fileName);
    if (!entry) return { status: "not-found" };
    const file = await cache.get({
      url: new URL(entry.file_name, source),
      // Named by checksum too: names like `affine-tests.zip` carry no version, so a newer lock must
      // not meet the copy an older one verified.
      name: `${entry.sha256}-${entry.file_name}`,
      checksum: { sha256: entry.sha256, from: "the lock file" },
    });
    return { ...file, name: entry.name };
  };
}

/** The package files of the installed pyodide, from the distribution this deployment names. */
export const getPythonPackage = createPackageCache({
  entries: Object.values(lock.packages),
  // Defaulted here rather than in server/env.ts: the migration image has env.ts but no pyodide.
  sourceUrl: env.PYODIDE_PACKAGES_URL ?? `https://cdn.jsdelivr.net/pyodide/v${pyodidePackage.version}/full/`,
  dir: env.PYODIDE_PACKAGES_DIR ?? path.resolve(env.DATA_DIR, "pyodide-packages"),
  timeoutMs: env.PYODIDE_PACKAGE_TIMEOUT_MS,
  maxBytes: env.PYODIDE_PACKAGE_MAX_BYTES,
  answerTimeoutMs: ANSWER_TIMEOUT_MS,
  retryUnreachableAfterMs: RETRY_UNREACHABLE_AFTER_MS,
});
