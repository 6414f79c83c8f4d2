import { createHash } from "node:crypto";
import { type NextRequest, NextResponse } from "next/server";
import { pagePolicy, pythonWorkerPolicy, sharePagePolicy } from "#server/content-security-policy.ts";
import { isDev } from "#server/env.ts";
import { logger } from "#server/logger.ts";
import { REQUEST_ID_HEADER, requestIdFor } from "#server/request-id.ts";
import { EarlyPythonWorker } from "./app/_python/early-worker.tsx";
import { PACKAGES_PATH } from "./app/_python/package-loading.ts";
import { WORKER_URL } from "./app/_python/protocol.ts";

/** Where scripts/browser-assets.ts puts the Python runtime (under its version). */
const PYODIDE_PATH = "/pyodide/";

/** A shared session's read-only page (app/s/[token]). */
const SHARE_PATH = "/s/";

/** Better Auth's sign-out (POST /api/auth/sign-out). */
const SIGN_OUT_PATH = "/api/auth/sign-out";

/**
 * The one inline script the app writes itself, allowed by its hash: taken from the element the
 * page renders, so the two cannot drift apart.
 */
type InlineScript = { dangerouslySetInnerHTML: { __html: string } };
const earlyWorkerScript = (EarlyPythonWorker().props as InlineScript).dangerouslySetInnerHTML.__html;
const earlyWorkerHash = `'sha256-${createHash("sha256").update(earlyWorkerScript).digest("base64")}'`;

/**
 * Gives every request an id (logged here, passed to route handlers, echoed in the response) and
 * the security headers of its kind: the Python worker's script its own policy, pages theirs with a
 * fresh nonce (Next reads it from the request's policy and puts it on its scripts), sign-out an
 * emptied HTTP cache.
 */
export function proxy(request: NextRequest) {
  const id = requestIdFor(request.headers);
  const { pathname } = request.nextUrl;
  logger.info({ reqId: id, method: request.method, path: pathname }, "request");
  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, id);
  let policy: string | undefined;
  if (pathname === WORKER_URL) {
    policy = pythonWorkerPolicy({
      host: request.headers.get("host"),
      runtimePath: PYODIDE_PATH,
      packagesPath: PACKAGES_PATH,
    });
  } else if (pathname.startsWith(SHARE_PATH)) {
    policy = sharePagePolicy({ nonce: crypto.randomUUID(), isDev });
    headers.set("content-security-policy", policy);
  } else if (!pathname.startsWith("/api/")) {
    policy = pagePolicy({ nonce: crypto.randomUUID(), scriptHashes: [earlyWorkerHash], isDev });
    headers.set("content-security-policy", policy);
  }
  const response = NextResponse.next({ request: { headers } });
  response.headers.set(REQUEST_ID_HEADER, id);
  if (policy) response.headers.set("content-security-policy", policy);
  // A link's token is its only key: not for search engines, and never sent on in a Referer.
  if (pathname.startsWith(SHARE_PATH)) {
    response.headers.set("x-robots-tag", "noindex, nofollow");
    response.headers.set("referrer-policy", "no-referrer");
  }
  // Whatever the last account fetched (shapes cached by earlier versions, query answers) must not
  // be readable from this browser's cache by whoever uses it next.
  if (request.method === "POST" && pathname === SIGN_OUT_PATH)
    response.headers.set("clear-site-data", '"cache"');
  return response;
}

// The gateway's routes tag and log their own requests (server/inference/gateway-route.ts): a proxy pass
// costs about a millisecond, which the gateway's latency budget does not have.
export const config = {
  matcher: ["/((?!_next/|favicon.ico|api/v1/|api/inference).*)"],
};
