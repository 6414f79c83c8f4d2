/**
 * What a database failure means for the caller, read from Prisma's error codes and Postgres's
 * SQLSTATE. Boundaries answer with this and log the original: Prisma's and Postgres's own
 * messages quote our code, SQL and values, and never reach a response.
 */
import "server-only";
import { Prisma } from "../generated/prisma/client.ts";

export type DatabaseFailure =
  /** The request carried a value the database refused (not text, too long, out of range). */
  | "invalid-value"
  /** A row the request needs is missing. */
  | "not-found"
  /** The same thing exists already, or a concurrent change won: the caller may try again. */
  | "conflict"
  /** The database cannot be reached, is shutting down, or took longer than its timeouts allow. */
  | "unavailable";

/** Prisma's own codes (prisma.io/docs/orm/reference/error-reference). */
const prismaCodes: Record<string, DatabaseFailure> = {
  P1001: "unavailable",
  P1002: "unavailable",
  P1008: "unavailable",
  P1017: "unavailable",
  P2000: "invalid-value",
  P2001: "not-found",
  P2002: "conflict",
  P2003: "invalid-value",
  P2005: "invalid-value",
  P2006: "invalid-value",
  P2007: "invalid-value",
  P2011: "invalid-value",
  P2015: "not-found",
  P2018: "not-found",
  P2019: "invalid-value",
  P2020: "invalid-value",
  P2023: "invalid-value",
  P2024: "unavailable",
  P2025: "not-found",
  // An interactive transaction that could not start (no connection in time) or ran out of time.
  P2028: "unavailable",
  P2033: "invalid-value",
  P2034: "conflict",
};

/** Postgres SQLSTATE classes and codes (postgresql.org/docs/current/errcodes-appendix.html). */
function fromSqlState(code: string): DatabaseFailure | null {
  // 22: data exception (NUL in text, unpaired surrogate in JSON, bad UUID, numeric overflow…).
  if (code.startsWith("22")) return "invalid-value";
  if (code === "23505" || code.startsWith("40")) return "conflict";
  if (code.startsWith("23")) return "invalid-value";
  // 08 connection exception, 53 insufficient resources, 57 operator intervention (incl. 57014,
  // the statement timeout), 55P03 lock not available.
  if (/^(08|53|57)/.test(code) || code === "55P03") return "unavailable";
  return null;
}

/** Driver adapter failures that carry no SQLSTATE (@prisma/adapter-pg's `kind`). */
const adapterKinds: Record<string, DatabaseFailure> = {
  DatabaseNotReachable: "unavailable",
  ConnectionClosed: "unavailable",
  SocketTimeout: "unavailable",
  TooManyConnections: "unavailable",
  TransactionWriteConflict: "conflict",
  UniqueConstraintViolation: "conflict",
  LengthMismatch: "invalid-value",
  ValueOutOfRange: "invalid-value",
  InvalidInputValue: "invalid-value",
  NullConstraintViolation: "invalid-value",
  ForeignKeyConstraintViolation: "invalid-value",
};

type AdapterCause = { originalCode?: unknown; code?: unknown; kind?: unknown };

/** pg's own pool and connection failures, which have no code at all. */
const CONNECTION_FAILURE =
  /timeout exceeded when trying to connect|Connection terminated|ECONNREFUSED|ECONNRESET/;

/** The failure `error` stands for, or null when it is no database failure we can name. */
export function classifyDatabaseError(error: unknown): DatabaseFailure | null {
  if (error instanceof Prisma.PrismaClientInitializationError) return "unavailable";
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    const cause = (error.meta?.driverAdapterError as { cause?: AdapterCause } | undefined)?.cause;
    const sqlState = cause?.originalCode ?? cause?.code;
    const fromCause =
      (typeof sqlState === "string" ? fromSqlState(sqlState) : null) ??
      (typeof cause?.kind === "string" ? adapterKinds[cause.kind] : undefined);
    return fromCause ?? prismaCodes[error.code] ?? null;
  }
  if (error instanceof Error) {
    // pg's errors (the sync endpoint queries with plain pg): a DatabaseError has a SQLSTATE.
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return fromSqlState(code);
    if (CONNECTION_FAILURE.test(error.message)) return "unavailable";
  }
  return null;
}
