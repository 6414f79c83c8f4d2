/** Who may call a JSON route (server/route-handler.ts answers the refusals). */
import "server-only";
import { AppError } from "../app-error.ts";
import { isAdmin, isBanned } from "./access.ts";
import { auth } from "./auth.ts";

type SessionUser = NonNullable<Awaited<ReturnType<typeof auth.api.getSession>>>["user"];

/**
 * The caller's user, when `access` lets them in: a signed-in account that is not banned (anonymous
 * ones too), or an admin, to whom anyone else is told the route does not exist, as on every admin
 * surface. Otherwise the refusal, as an AppError.
 */
export async function signedInUser(request: Request, access: "account" | "admin"): Promise<SessionUser> {
  const session = await auth.api.getSession({ headers: request.headers });
  if (access === "admin") {
    if (!session || !isAdmin(session.user)) throw new AppError("NOT_FOUND", "Not found.");
    return session.user;
  }
  if (!session) throw new AppError("UNAUTHORIZED", "Sign-in required.");
  if (isBanned(session.user)) throw new AppError("FORBIDDEN", "This account is banned.");
  return session.user;
}
