/**
 * tRPC foundations: the request context, error shape and the three procedure kinds. Procedures
 * stay thin and call plain functions in server/<feature>.
 */
import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { TRPC_ERROR_CODES_BY_KEY } from "@trpc/server/rpc";
import superjson from "superjson";
import { ZodError, z } from "zod";
import { isAdmin, isBanned } from "../auth/access.ts";
import { auth } from "../auth/auth.ts";
import { findInputProblem } from "../input-guard.ts";
import { requestLogger } from "../logger.ts";
import { INTERNAL_MESSAGE, toTRPCError } from "./error-mapping.ts";

// 1. Context: the caller's session (null when signed out) and a request-scoped logger.
export async function createTRPCContext({ headers }: { headers: Headers }) {
  const session = await auth.api.getSession({ headers });
  return { session, headers, log: requestLogger(headers) };
}
type TRPCContext = Awaited<ReturnType<typeof createTRPCContext>>;

/** Per-procedure options, set with `.meta()`. */
type TRPCMeta = {
  /** The procedure stores text that may hold NUL itself and cleans it (a cell's output). */
  acceptsNul?: boolean;
};

// 2. Initialisation: superjson for Dates, Zod issues flattened into `data.zodError`. Errors raised
// before any procedure runs (reading the session) are mapped here like the procedures' own; an
// internal error answers with our words only, its message and stack go to the log.
const t = initTRPC
  .context<TRPCContext>()
  .meta<TRPCMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error }) {
      const answered = (error.code === "INTERNAL_SERVER_ERROR" && toTRPCError(error.cause)) || error;
      const internal = answered.code === "INTERNAL_SERVER_ERROR";
      const { stack, ...data } = shape.data;
      return {
        message: internal ? INTERNAL_MESSAGE : answered.message,
        code: TRPC_ERROR_CODES_BY_KEY[answered.code],
        data: {
          ...data,
          ...(stack && !internal ? { stack } : {}),
          code: answered.code,
          httpStatus: getHTTPStatusCodeFromError(answered),
          zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
        },
      };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

// 3. Procedures. Input the database or our code cannot take (server/input-guard.ts) is refused
// before any schema or query sees it. Feature code throws AppError, which becomes the tRPC error of
// the same code here, as does a database failure (server/trpc/error-mapping.ts).
const guardInput = t.middleware(async ({ next, meta, getRawInput }) => {
  const problem = findInputProblem(await getRawInput(), { allowNul: meta?.acceptsNul });
  if (problem) throw new TRPCError({ code: "BAD_REQUEST", message: problem });
  return next();
});

const mapErrors = t.middleware(async ({ next, ctx, path }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = result.error.cause;
  const mapped = result.error.code === "INTERNAL_SERVER_ERROR" ? toTRPCError(cause) : null;
  if (mapped?.code === "SERVICE_UNAVAILABLE") ctx.log.warn({ err: cause, path }, "database unavailable");
  if (mapped) throw mapped;
  if (result.error.code === "INTERNAL_SERVER_ERROR") {
    ctx.log.error({ err: cause ?? result.error, path }, "tRPC procedure failed");
  }
  return result;
});

// The input guard comes after the access checks: it must not tell anyone that a procedure exists.
const procedure = t.procedure.use(mapErrors);

export const publicProcedure = procedure.use(guardInput);

export const protectedProcedure = procedure
  .use(({ ctx, next }) => {
    if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign-in required." });
    if (isBanned(ctx.session.user)) {
      throw new TRPCError({ code: "FORBIDDEN", message: "This account is banned." });
    }
    return next({ ctx: { ...ctx, session: ctx.session, user: ctx.session.user } });
  })
  .use(guardInput);

/**
 * Admin only. Everyone else — signed out, banned, anonymous or ordinary — gets the same NOT_FOUND,
 * so the admin API does not reveal that it exists (isAdmin also refuses banned users).
 */
export const adminProcedure = procedure
  .use(({ ctx, next }) => {
    if (!ctx.session || !isAdmin(ctx.session.user)) throw new TRPCError({ code: "NOT_FOUND" });
    return next({ ctx: { ...ctx, session: ctx.session, user: ctx.session.user } });
  })
  .use(guardInput);
