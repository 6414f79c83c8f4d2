import "server-only";
import { requestInputProblem } from "../input-guard.ts";
import { auth } from "./auth.ts";
import { CLIENT_ADDRESS_HEADER, clientAddressOf, UNKNOWN_ADDRESS_MESSAGE } from "./client-address.ts";

/**
 * /api/auth: Better Auth, told the client address the server resolved (client-address.ts) in the
 * one header it reads addresses from. A request without one is refused rather than counted:
 * Better Auth would put every such request in one bucket per path, which one client could
 * exhaust for all the others.
 */
export async function handleAuthRequest(request: Request) {
  const address = clientAddressOf(request.headers);
  if (!address) {
    return Response.json(
      { code: "CLIENT_ADDRESS_UNKNOWN", message: UNKNOWN_ADDRESS_MESSAGE },
      { status: 400 },
    );
  }
  // Text Postgres cannot store (NUL) or input nested past reason: refused before Better Auth writes.
  const problem = await requestInputProblem(request);
  if (problem) return Response.json({ code: "INVALID_INPUT", message: problem }, { status: 400 });
  const headers = new Headers(request.headers);
  headers.set(CLIENT_ADDRESS_HEADER, address);
  return auth.handler(new Request(request, { headers }));
}
