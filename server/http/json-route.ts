/**
 * The one boundary of the JSON route handlers (every route under app/ but the gateway's, tRPC's
 * and Better Auth's own): Zod-checked input and every refusal as `{ error, …details }`, never
 * cached. Feature code throws AppError; it is mapped here once. Who may call is checked by
 * server/auth/route-access.ts.
 */
import "server-only";
import type { Logger } from "pino";
import { z } from "zod";
import { AppError } from "../errors.ts";
import { requestLogger } from "../logger.ts";

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
 * logged and a 500 that says nothing of the cause).
 */
export function jsonRoute<Params = Record<string, never>>(
  handle: (input: RouteInput<Params>) => Promise<Response>,
) {
  return async (request: Request, context?: RouteContext<Params>) => {
    const log = requestLogger(request.headers);
    try {
      return await handle({ request, params: ((await context?.params) ?? {}) as Params, log });
    } catch (error) {
      if (error instanceof AppError) return refuse(error.status, error.message, { details: error.details });
      log.error({ err: error }, "request failed");
      return refuse(500, "The request failed; try again.");
    }
  };
}
