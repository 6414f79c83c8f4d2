/**
 * The header a file download carries its size in bytes, for progress bars. Content-Length is sent
 * too, but does not reach the browser: Next's server drops it from every route handler's response
 * and sends the body chunked (`FORBIDDEN_HEADERS` in next/dist/server/send-response.js, Next 16);
 * and where a body is compressed, Content-Length would count compressed bytes while a reader
 * counts decoded ones.
 */
export const FILE_SIZE_HEADER = "x-file-size";
