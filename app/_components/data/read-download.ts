/** Reading a dataset download with a progress bar, refusing a file the browser cannot keep. */
import { FILE_SIZE_HEADER } from "#common/file-size-header.ts";
import { formatSize } from "../../_lib/format-size.ts";
import { MAX_FILE_BYTES } from "../../_python/mounted-files.ts";

export const tooLarge = (name: string, bytes: number) =>
  `${name} is ${formatSize(bytes)}; the browser's storage holds files up to ${formatSize(MAX_FILE_BYTES)}.`;

type ReadOptions = {
  name: string;
  /** The size the catalog gave, if it knew it: the response's own wins. */
  expectedBytes: number | null;
  /** The share of the file received so far, from 0 to 1; only when the size is known. */
  onProgress: (share: number) => void;
};

/**
 * The body of a download from Ada's file routes. The size comes from `x-file-size` (Next drops
 * Content-Length, server/files/file-response.ts), else from the catalog: a file known to be too
 * large is refused before any of its bytes are read, one of unknown size as soon as it is.
 */
export async function readDownload(response: Response, { name, expectedBytes, onProgress }: ReadOptions) {
  const total = Number(response.headers.get(FILE_SIZE_HEADER)) || expectedBytes;
  if (total && total > MAX_FILE_BYTES) {
    await response.body?.cancel();
    throw new Error(tooLarge(name, total));
  }
  if (!response.body) return new ArrayBuffer(0);
  const chunks: Uint8Array[] = [];
  let received = 0;
  for await (const chunk of response.body) {
    chunks.push(chunk);
    received += chunk.byteLength;
    // Leaving the loop cancels the download.
    if (received > MAX_FILE_BYTES) throw new Error(tooLarge(name, received));
    if (total) onProgress(Math.min(1, received / total));
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes.buffer;
}
