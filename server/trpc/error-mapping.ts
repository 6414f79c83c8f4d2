/**
 * Errors as tRPC answers them. Feature code throws AppError (our words, our code); a database
 * failure becomes the code it stands for with a message of ours; anything else is an internal
 * error whose message and stack stay in the log (they quote Prisma, SQL and values).
 */
import "server-only";
import { TRPCError } from "@trpc/server";
import { AppError } from "../app-error.ts";
import { classifyDatabaseError, type DatabaseFailure } from "../postgres/database-errors.ts";

export const INTERNAL_MESSAGE = "Something went wrong on our side; it has been logged.";

const databaseAnswers: Record<DatabaseFailure, { code: TRPCError["code"]; message: string }> = {
  "invalid-value": {
    code: "BAD_REQUEST",
    message: "A value in this request cannot be stored: too long, out of range or not valid text.",
  },
  "not-found": { code: "NOT_FOUND", message: "Not found." },
  conflict: { code: "CONFLICT", message: "This conflicts with another change; try again." },
  unavailable: {
    code: "SERVICE_UNAVAILABLE",
    message: "The database is unavailable right now; try again shortly.",
  },
};

/** The tRPC error `cause` stands for, or null when it is an internal error. */
export function toTRPCError(cause: unknown): TRPCError | null {
  if (cause instanceof AppError) return new TRPCError({ code: cause.code, message: cause.message, cause });
  const failure = classifyDatabaseError(cause);
  return failure ? new TRPCError({ ...databaseAnswers[failure], cause }) : null;
}
