import { type NextRequest, NextResponse } from "next/server";
import { logger } from "#server/logger.ts";
import { REQUEST_ID_HEADER, requestIdFor } from "#server/request-id.ts";

/** Gives every request an id: logged here, passed to route handlers, echoed in the response. */
export function proxy(request: NextRequest) {
  const id = requestIdFor(request.headers);
  logger.info({ reqId: id, method: request.method, path: request.nextUrl.pathname }, "request");
  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, id);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set(REQUEST_ID_HEADER, id);
  return response;
}

// The gateway's routes tag and log their own requests (server/inference/http.ts): a proxy pass
// costs about a millisecond, which the gateway's latency budget does not have.
export const config = {
  matcher: ["/((?!_next/|favicon.ico|api/v1/|api/inference).*)"],
};
