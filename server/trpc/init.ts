/**
 * tRPC foundations: the request context, error shape and the three procedure kinds. Procedures
 * stay thin and call plain functions in server/<feature>.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError, z } from "zod";
import { isAdmin, isBanned } from "../auth/access.ts";
import { auth } from "../auth/auth.ts";
import { AppError } from "../errors.ts";
import { requestLogger } from "../logger.ts";

// 1. Context: the caller's session (null when signed out) and a request-scoped logger.
export async function createTRPCContext({ headers }: { headers: Headers }) {
  const session = await auth.api.getSession({ headers });
  return { session, headers, log: requestLogger(headers) };
}
export type TRPCContext = Awaited<ReturnType<typeof createTRPCContext>>;

// 2. Initialisation: superjson for Dates, Zod issues flattened into `data.zodError`.
const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      data: {
        ...shape.data,
        zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

// 3. Procedures. Feature code throws AppError; it becomes the tRPC error of the same code here.
const mapAppErrors = t.middleware(async ({ next, ctx, path }) => {
  const result = await next();
  if (!result.ok) {
    const { cause } = result.error;
    if (cause instanceof AppError) {
      throw new TRPCError({ code: cause.code, message: cause.message, cause });
    }
    if (result.error.code === "INTERNAL_SERVER_ERROR") {
      ctx.log.error({ err: result.error.cause ?? result.error, path }, "tRPC procedure failed");
    }
  }
  return result;
});

export const publicProcedure = t.procedure.use(mapAppErrors);

export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign-in required." });
  if (isBanned(ctx.session.user)) {
    throw new TRPCError({ code: "FORBIDDEN", message: "This account is banned." });
  }
  return next({ ctx: { ...ctx, session: ctx.session, user: ctx.session.user } });
});

/**
 * Admin only. Everyone else — signed out, banned, anonymous or ordinary — gets the same NOT_FOUND,
 * so the admin API does not reveal that it exists (isAdmin also refuses banned users).
 */
export const adminProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session || !isAdmin(ctx.session.user)) throw new TRPCError({ code: "NOT_FOUND" });
  return next({ ctx: { ...ctx, session: ctx.session, user: ctx.session.user } });
});
