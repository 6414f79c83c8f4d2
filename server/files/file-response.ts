/** How the file routes answer a file: with a strong ETag, and its size for progress bars. */
import "server-only";
import { FILE_SIZE_HEADER } from "#common/file-size-header.ts";
import type { FileBody } from "./local-file.ts";

const matches = (ifNoneMatch: string | null, etag: string) =>
  ifNoneMatch?.split(",").some((tag) => ["*", etag].includes(tag.trim().replace(/^W\//, ""))) ?? false;

type FileHeaders = { "cache-control": string; "content-type": string; "content-disposition"?: string };

/** The file with its sha256 as ETag, or 304 (the ETag and cache-control only) when the client has it. */
export async function serveFile(request: Request, file: FileBody, headers: FileHeaders) {
  const etag = `"${file.sha256}"`;
  if (matches(request.headers.get("if-none-match"), etag)) {
    await file.body.cancel();
    return new Response(null, { status: 304, headers: { etag, "cache-control": headers["cache-control"] } });
  }
  return new Response(file.body, {
    headers: { ...headers, etag, "content-length": String(file.size), [FILE_SIZE_HEADER]: String(file.size) },
  });
}
