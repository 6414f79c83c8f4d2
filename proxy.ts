import { type NextRequest, NextResponse } from "next/server";
import { REQUEST_ID_HEADER, requestIdFor } from "#server/request-id.ts";

/** Gives every request an id that route handlers log with and the response echoes. */
export function proxy(request: NextRequest) {
  const id = requestIdFor(request.headers);
  const headers = new Headers(request.headers);
  headers.set(REQUEST_ID_HEADER, id);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set(REQUEST_ID_HEADER, id);
  return response;
}

export const config = {
  matcher: ["/((?!_next/|favicon.ico).*)"],
};
