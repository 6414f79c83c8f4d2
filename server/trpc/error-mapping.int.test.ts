import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { describe, expect, it } from "vitest";
import { AppError } from "../app-error.ts";
import { db } from "../db.ts";
import { INTERNAL_MESSAGE } from "./error-mapping.ts";
import { createTRPCRouter, publicProcedure } from "./init.ts";

// Procedures that fail the ways real ones can, served by the real initialisation (middleware
// and error formatter) over HTTP.
const router = createTRPCRouter({
  badValue: publicProcedure.query(() => db.$queryRaw`SELECT ${"not a uuid"}::uuid`),
  missing: publicProcedure.mutation(() =>
    db.agentSession.update({ where: { id: crypto.randomUUID() }, data: { title: "x" } }),
  ),
  slow: publicProcedure.query(() =>
    db.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL statement_timeout = 50`;
      return tx.$queryRaw`SELECT pg_sleep(2)::text`;
    }),
  ),
  broken: publicProcedure.query(() => {
    throw new Error("connection to 10.0.0.7 refused for user ada_admin");
  }),
  refused: publicProcedure.query(() => {
    throw new AppError("CONFLICT", "Already done.");
  }),
});

async function call(path: string, method = "GET") {
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req: new Request(`http://localhost:3000/api/trpc/${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: method === "POST" ? "{}" : undefined,
    }),
    router,
    createContext: () => ({ session: null, headers: new Headers(), log: silentLog }),
  });
  const body = await response.text();
  return { status: response.status, body, error: JSON.parse(body).error.json };
}

const silentLog = { error: () => {}, warn: () => {} } as never;

describe("tRPC errors", () => {
  it("answer a value the database refused with 400 and our words, never Prisma's or Postgres's", async () => {
    const { status, body, error } = await call("badValue");
    expect(status).toBe(400);
    expect(error.data.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/cannot be stored/);
    expect(body).not.toMatch(/prisma|\$queryRaw|invalid input syntax|uuid/i);
  });

  it("answer a missing row with 404", async () => {
    const { status, body } = await call("missing", "POST");
    expect(status).toBe(404);
    expect(body).not.toMatch(/prisma|agentSession/i);
  });

  it("answer a statement past its timeout with 503", async () => {
    const { status, body, error } = await call("slow");
    expect(status).toBe(503);
    expect(error.data.code).toBe("SERVICE_UNAVAILABLE");
    expect(body).not.toMatch(/statement timeout|pg_sleep/);
  });

  it("answer an internal error with our message, no stack and nothing of the cause", async () => {
    const { status, body, error } = await call("broken");
    expect(status).toBe(500);
    expect(error.message).toBe(INTERNAL_MESSAGE);
    expect(error.data.stack).toBeUndefined();
    expect(body).not.toMatch(/10\.0\.0\.7|ada_admin/);
  });

  it("keep feature code's own errors as they are", async () => {
    const { status, error } = await call("refused");
    expect(status).toBe(409);
    expect(error.message).toBe("Already done.");
  });
});
