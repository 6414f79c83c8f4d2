/**
 * The one boundary of the route handlers that are not the gateway's, tRPC's or Better Auth's own
 * (sync, dataset and package files, the activity export, the dev mailbox): Zod-checked input and
 * every refusal as JSON `{ error, …details }`, never cached, whatever the route answers when it
 * succeeds. Feature code throws AppError; it is mapped here once. Who may call is checked by
 * server/auth/route-access.ts.
 */
import "server-only";
import type { Logger } from "pino";
import { z } from "zod";
import { AppError } from "./app-error.ts";
import { requestLogger } from "./logger.ts";

type Refusal = { headers?: Record<string, string>; details?: Record<string, unknown> };

/** `{ error, ...details }`: the message for people, details for programs (the Python worker). */
export const refuse = (status: number, error: string, { headers, details }: Refusal = {}) =>
  Response.json({ error, ...details }, { status, headers: { ...headers, "cache-control": "no-store" } });

type RouteInput<Params> = { request: Request; params: Params; log: Logger };
/** Next passes the dynamic segments; a route without any may be called with the request alone. */
type RouteContext<Params> = { params: Promise<Params> };

/** `value` checked against `schema`: a 400 naming each wrong field otherwise. */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, message: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = z.flattenError(parsed.error).fieldErrors;
  throw new AppError("BAD_REQUEST", message, { issues });
}

/** A query string as an object; an empty form field (`?model=`) filters nothing, so it is left out. */
export const queryOf = (request: Request) =>
  Object.fromEntries([...new URL(request.url).searchParams].filter(([, value]) => value !== ""));

/**
 * A route handler: its failures answered as `{ error }` (AppError with its status, anything else
 * logged and a 500 that says nothing of the cause), with `headers` on every refusal. A request its
 * client gave up on is not logged: nobody reads the answer.
 */
export function routeHandler<Params = Record<string, never>>(
  handle: (input: RouteInput<Params>) => Promise<Response>,
  { headers }: { headers?: Record<string, string> } = {},
) {
  return async (request: Request, context?: RouteContext<Params>) => {
    const log = requestLogger(request.headers);
    try {
      return await handle({ request, params: ((await context?.params) ?? {}) as Params, log });
    } catch (error) {
      if (error instanceof AppError) {
        return refuse(error.status, error.message, { headers, details: error.details });
      }
      if (!request.signal.aborted) log.error({ err: error }, "request failed");
      return refuse(500, "The request failed; try again.", { headers });
    }
  };
}
