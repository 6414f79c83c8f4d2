/**
 * Files fetched once from another host and kept on disk. Each download runs under a timeout and a
 * size cap, is hashed while it is written to a temporary file, and is renamed into the cache only
 * once complete (and, when a checksum is expected, verified): partial or refused bytes are never
 * kept or served. A source that fails makes the file "unavailable", with a short reason naming
 * its host; the next request tries again — unless the host could not be reached at all and the
 * cache is told to remember that for a while (`retryUnreachableAfterMs`).
 */
import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";
import { type FileBody, missingAsNull, openFile, sizeOf } from "./local-file.ts";

type RemoteFileCacheOptions = {
  dir: string;
  /** Longest one download may take, body included. */
  timeoutMs: number;
  maxBytes: number;
  /**
   * Longest a source may take to answer (connect and response headers). A host that accepts
   * connections and never answers then fails as fast as one that refuses them.
   */
  answerTimeoutMs?: number;
  /**
   * How long a host that could not be reached is remembered as down: requests for its files fail
   * at once meanwhile (cached copies are still served), instead of each waiting for it again.
   */
  retryUnreachableAfterMs?: number;
};

export type RemoteFile = {
  url: URL;
  /** The cached copy's file name in the cache directory. */
  name: string;
  headers?: Record<string, string>;
  /** The sha256 the bytes must have, and what vouches for it (named when they differ). */
  checksum?: { sha256: string; from: string };
  /** Why a download that starts like this is refused, if it is; `head` is its first bytes. */
  refuse?: (start: { contentType: string | null; head: Uint8Array }) => string | undefined;
};

type CachedFile =
  | ({ status: "ok" } & FileBody)
  /** `retryAfterMs`: the host could not be reached, and is not asked again before then. */
  | { status: "unavailable"; reason: string; retryAfterMs?: number };

// Enough to recognise a file format by its magic number.
const HEAD_BYTES = 8;

class Unavailable extends Error {
  /** True when the host never answered (refused, unknown, silent), as opposed to answering badly. */
  constructor(
    message: string,
    readonly isUnreachable = false,
  ) {
    super(message);
  }
}

/** `url` as a directory that relative file names resolve under, whether or not it ends in "/". */
export const directoryUrl = (url: string) => new URL(url.endsWith("/") ? url : `${url}/`);

export function createRemoteFileCache(options: RemoteFileCacheOptions) {
  const inFlight = new Map<string, Promise<string>>();
  const unreachable = new Map<string, { until: number; reason: string }>();

  /** Downloads `file` to `target`; resolves to the bytes' sha256. */
  async function download(file: RemoteFile, target: string): Promise<string> {
    const { host } = file.url;
    const deadline = AbortSignal.timeout(options.timeoutMs);
    const answer = new AbortController();
    const answerTimer = options.answerTimeoutMs
      ? setTimeout(() => answer.abort(), options.answerTimeoutMs)
      : undefined;
    const signal = AbortSignal.any([deadline, answer.signal]);
    const late = () => `${host} did not deliver it within ${options.timeoutMs / 1000} s`;
    const broken = () => new Unavailable(deadline.aborted ? late() : `cannot reach ${host}`);
    const tooLarge = () => new Unavailable(`the file at ${host} is over ${options.maxBytes} bytes`);

    const response = await fetch(file.url, { headers: file.headers, signal })
      .catch(() => {
        const reason = answer.signal.aborted
          ? `${host} did not answer within ${(options.answerTimeoutMs ?? 0) / 1000} s`
          : deadline.aborted
            ? late()
            : `cannot reach ${host}`;
        throw new Unavailable(reason, true);
      })
      .finally(() => clearTimeout(answerTimer));
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new Unavailable(`${host} answered HTTP ${response.status}`);
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
        throw broken();
      }
    }
    // `refuse` is asked once, on the first HEAD_BYTES (all of a shorter body).
    let head: Uint8Array = new Uint8Array(0);
    let isInspected = !file.refuse;
    const inspect = () => {
      isInspected = true;
      const reason = file.refuse?.({ contentType: response.headers.get("content-type"), head });
      if (reason) throw new Unavailable(reason);
    };

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
          if (!isInspected) {
            head = Buffer.concat([head, chunk]).subarray(0, HEAD_BYTES);
            if (head.byteLength === HEAD_BYTES) inspect();
          }
          hash.update(chunk);
          await out.write(chunk);
        }
        if (!isInspected) inspect();
      } finally {
        await out.close();
      }
      const sha256 = hash.digest("hex");
      if (file.checksum && sha256 !== file.checksum.sha256) {
        throw new Unavailable(`the file from ${host} does not match ${file.checksum.from}'s checksum`);
      }
      await rename(temp, target);
      return sha256;
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  return {
    /** The cached copy of `file`, downloaded first if there is none. */
    async get(file: RemoteFile): Promise<CachedFile> {
      const target = path.join(options.dir, file.name);
      const cached = await openFile(target, file.checksum?.sha256).catch(missingAsNull);
      if (cached) return { status: "ok", ...cached };
      const down = unreachable.get(file.url.host);
      if (down && down.until > Date.now()) {
        return { status: "unavailable", reason: down.reason, retryAfterMs: down.until - Date.now() };
      }
      let pending = inFlight.get(target);
      if (!pending) {
        pending = download(file, target).finally(() => inFlight.delete(target));
        inFlight.set(target, pending);
      }
      let sha256: string;
      try {
        sha256 = await pending;
      } catch (error) {
        if (!(error instanceof Unavailable)) throw error;
        const retryAfterMs = options.retryUnreachableAfterMs;
        if (!error.isUnreachable || !retryAfterMs) return { status: "unavailable", reason: error.message };
        unreachable.set(file.url.host, { until: Date.now() + retryAfterMs, reason: error.message });
        return { status: "unavailable", reason: error.message, retryAfterMs };
      }
      return { status: "ok", ...(await openFile(target, sha256)) };
    },

    /** The size of the cached copy named `name`, or null before its first download. */
    sizeOf: (name: string) => sizeOf(path.join(options.dir, name)),
  };
}
