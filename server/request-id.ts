/** Request ids tie a request's log lines together; proxy.ts assigns one to every request. */
import "server-only";

export const REQUEST_ID_HEADER = "x-request-id";

const wellFormed = /^[\w.-]{8,128}$/;

/** Keeps a well-formed id from upstream (a load balancer's), otherwise makes a new one. */
export function requestIdFor(headers: Headers) {
  const incoming = headers.get(REQUEST_ID_HEADER);
  return incoming && wellFormed.test(incoming) ? incoming : crypto.randomUUID();
}
