/**
 * Pyodide's package files (wheels and zips named in pyodide-lock.json), served same-origin: each is
 * fetched once from the official distribution, checked against the lock's sha256 while it is
 * written to a temporary file, and only then renamed into the cache. Unverified bytes are never
 * cached or served.
 */
import { createHash, randomUUID } from "node:crypto";
import { type FileHandle, mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import pyodidePackage from "pyodide/package.json" with { type: "json" };
import lock from "pyodide/pyodide-lock.json" with { type: "json" };
import { env } from "../env.ts";

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
};

export type PackageFile =
  | { status: "ok"; name: string; sha256: string; size: number; body: ReadableStream<Uint8Array> }
  | { status: "not-found" }
  | { status: "unavailable"; name: string; reason: string };

class Unavailable extends Error {}

/** A function from a lock `file_name` to a verified copy of that file, downloaded on first use. */
export function createPackageCache(options: PackageCacheOptions) {
  const entries = new Map(options.entries.map((entry) => [entry.file_name, entry]));
  const source = new URL(options.sourceUrl.endsWith("/") ? options.sourceUrl : `${options.sourceUrl}/`);
  const inFlight = new Map<string, Promise<void>>();

  async function download(entry: LockEntry, target: string) {
    const signal = AbortSignal.timeout(options.timeoutMs);
    const unreachable = () =>
      new Unavailable(
        signal.aborted
          ? `${source.host} did not deliver it within ${options.timeoutMs / 1000} s`
          : `cannot reach ${source.host}`,
      );
    const tooLarge = () => new Unavailable(`the file at ${source.host} is over ${options.maxBytes} bytes`);

    const response = await fetch(new URL(entry.file_name, source), { signal }).catch(() => {
      throw unreachable();
    });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new Unavailable(`${source.host} answered HTTP ${response.status}`);
    }
    if (Number(response.headers.get("content-length")) > options.maxBytes) {
      await response.body.cancel();
      throw tooLarge();
    }
    // Only failures of the connection become "unreachable"; a local disk error stays what it is.
    async function* received(body: ReadableStream<Uint8Array>) {
      try {
        yield* body;
      } catch {
        throw unreachable();
      }
    }

    await mkdir(options.dir, { recursive: true });
    const temp = `${target}.${randomUUID()}.part`;
    try {
      const hash = createHash("sha256");
      const out = await open(temp, "wx");
      try {
        let size = 0;
        for await (const chunk of received(response.body)) {
          size += chunk.byteLength;
          if (size > options.maxBytes) throw tooLarge();
          hash.update(chunk);
          await out.write(chunk);
        }
      } finally {
        await out.close();
      }
      if (hash.digest("hex") !== entry.sha256) {
        throw new Unavailable(`the file from ${source.host} does not match the lock file's checksum`);
      }
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  return async function getPackageFile(fileName: string): Promise<PackageFile> {
    const entry = entries.get(fileName);
    if (!entry) return { status: "not-found" };
    // Named by checksum too: names like `affine-tests.zip` carry no version, so a newer lock must
    // not meet the copy an older one verified.
    const target = path.join(options.dir, `${entry.sha256}-${entry.file_name}`);
    let handle = await openIfPresent(target);
    if (!handle) {
      let pending = inFlight.get(target);
      if (!pending) {
        pending = download(entry, target).finally(() => inFlight.delete(target));
        inFlight.set(target, pending);
      }
      try {
        await pending;
      } catch (error) {
        if (error instanceof Unavailable) {
          return { status: "unavailable", name: entry.name, reason: error.message };
        }
        throw error;
      }
      handle = await open(target);
    }
    const { size } = await handle.stat();
    const body = Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>;
    return { status: "ok", name: entry.name, sha256: entry.sha256, size, body };
  };
}

async function openIfPresent(file: string): Promise<FileHandle | null> {
  try {
    return await open(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** The package files of the installed pyodide, from the distribution this deployment names. */
export const getPythonPackage = createPackageCache({
  entries: Object.values(lock.packages),
  // Defaulted here rather than in server/env.ts: the migration image has env.ts but no pyodide.
  sourceUrl: env.PYODIDE_PACKAGES_URL ?? `https://cdn.jsdelivr.net/pyodide/v${pyodidePackage.version}/full/`,
  dir: env.PYODIDE_PACKAGES_DIR ?? path.resolve(env.DATA_DIR, "pyodide-packages"),
  timeoutMs: env.PYODIDE_PACKAGE_TIMEOUT_MS,
  maxBytes: env.PYODIDE_PACKAGE_MAX_BYTES,
});
