/** How the file routes answer: errors as JSON `{ error, …details }`, never cached; files with a strong ETag. */
import type { FileBody } from "./local-file.ts";

type Refusal = { headers?: Record<string, string>; details?: Record<string, string> };

/** `{ error, ...details }`: the message for people, details for programs (the Python worker). */
export const refuse = (status: number, error: string, { headers, details }: Refusal = {}) =>
  Response.json({ error, ...details }, { status, headers: { ...headers, "cache-control": "no-store" } });

/**
 * The file's size in bytes, for progress bars. Content-Length is sent too, but does not reach the
 * browser: Next's server drops it from every route handler's response and sends the body chunked
 * (`FORBIDDEN_HEADERS` in next/dist/server/send-response.js, Next 16); and where a body is
 * compressed, Content-Length would count compressed bytes while a reader counts decoded ones.
 */
export const FILE_SIZE_HEADER = "x-file-size";

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
