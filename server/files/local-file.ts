/** Files that are never rewritten in place (npm package data, cache entries), opened for sending. */
import "server-only";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { Readable } from "node:stream";

/** A file ready to send: its sha256 (the ETag), its size and its bytes. */
export type FileBody = { sha256: string; size: number; body: ReadableStream<Uint8Array> };

// One hash per file and process: whatever sits at these paths keeps its bytes.
const digests = new Map<string, Promise<string>>();

function digestOf(file: string) {
  let digest = digests.get(file);
  if (!digest) {
    digest = (async () => {
      const hash = createHash("sha256");
      for await (const chunk of createReadStream(file)) hash.update(chunk);
      return hash.digest("hex");
    })();
    digests.set(file, digest);
    digest.catch(() => digests.delete(file));
  }
  return digest;
}

/** Opens `file`; a known `sha256` (verified while it was written) spares hashing it. */
export async function openFile(file: string, sha256?: string): Promise<FileBody> {
  const handle = await open(file);
  try {
    const { size } = await handle.stat();
    if (sha256) digests.set(file, Promise.resolve(sha256));
    const digest = await digestOf(file);
    return {
      sha256: digest,
      size,
      body: Readable.toWeb(handle.createReadStream()) as ReadableStream<Uint8Array>,
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The size of `file`, or null when there is none. */
export function sizeOf(file: string): Promise<number | null> {
  return stat(file).then(({ size }) => size, missingAsNull);
}

/** For `.catch`: a file that does not exist becomes null; any other failure stays one. */
export function missingAsNull(error: unknown): null {
  if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
  throw error;
}
