/**
 * Malformed, oversized and unicode-hostile input to every route handler under app/, every Better
 * Auth endpoint and every tRPC procedure — all three enumerated here, so a new one is covered
 * without touching this file. No answer may be a 5xx (nor a body that breaks off), and a refused
 * request (4xx) must leave the row count of every table as it was.
 */
import pg from "pg";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { auth } from "../auth/auth.ts";
import { appRouter } from "../trpc/root.ts";
import { signInAdmin } from "./admin.ts";
import { TestAuthClient } from "./auth-client.ts";
import { createSessionWithCell } from "./factories.ts";
import { inputsFor, toRawJson } from "./fuzz-inputs.ts";
import { hostileBodies, hostileQueries, hostileSegments, plausibleSegment, routes } from "./fuzz-routes.ts";
import { changedTables, type RowCounts, rowCounter } from "./row-counts.ts";

const ORIGIN = "http://localhost:3000";
/** Better Auth's rate limiter counts refused requests too: counting them is its job. */
const WRITTEN_ON_REFUSAL = ["rate_limit"];

type Handler = (request: Request, context: { params: Promise<unknown> }) => Promise<Response> | Response;
type Caller = { label: string; headers: () => Headers };

const database = new pg.Client({ connectionString: inject("databaseUrl") });
let countRows: () => Promise<RowCounts>;
let counts: RowCounts;
const problems: string[] = [];

/** Sends one request and records what is wrong with the outcome. */
async function probe(label: string, handler: Handler, request: Request, params: unknown = {}) {
  let status: number;
  let body = "";
  try {
    const response = await handler(request, { params: Promise.resolve(params) });
    status = response.status;
    body = await response.text();
  } catch (error) {
    status = 500;
    body = `threw (or its body broke off): ${String(error).slice(0, 300)}`;
  }
  const after = await countRows();
  if (status >= 500) problems.push(`${label} → ${status} ${body.slice(0, 300)}`);
  const written = changedTables(counts, after, WRITTEN_ON_REFUSAL);
  if (status >= 400 && written.length)
    problems.push(`${label} → ${status}, yet wrote: ${written.join(", ")}`);
  counts = after;
}

function expectNoProblems() {
  const found = problems.splice(0);
  expect(found).toEqual([]);
}

// The callers: signed out, an anonymous user, an admin, and a virtual key.
let callers: Caller[] = [];

beforeAll(async () => {
  await database.connect();
  countRows = await rowCounter(database);
  const signedOut = new TestAuthClient();
  const anonymous = new TestAuthClient();
  const anonymousId = await anonymous.signInAnonymously();
  await createSessionWithCell(anonymousId);
  const admin = await signInAdmin();
  const { key } = await (await anonymous.caller()).keys.create({ name: "fuzz" });
  callers = [
    { label: "signed out", headers: () => signedOut.headers() },
    { label: "anonymous", headers: () => anonymous.headers() },
    { label: "admin", headers: () => admin.client.headers() },
    {
      label: "key",
      headers: () => {
        const headers = signedOut.headers();
        headers.set("authorization", `Bearer ${key}`);
        return headers;
      },
    },
  ];
  counts = await countRows();
}, 120_000);

afterAll(() => database.end());

/** A URL carries UTF-8 bytes, in which a lone surrogate cannot exist: it arrives as U+FFFD. */
const encodeSegment = (value: string) => encodeURIComponent(value.toWellFormed());

function request(url: string, method: string, headers: Headers, body?: string) {
  if (body !== undefined) headers.set("content-type", "application/json");
  return new Request(url, { method, headers, body });
}

const routeHandlers = await routes();

describe("fuzz: every route handler", () => {
  for (const route of routeHandlers) {
    if (route.pattern === "/api/auth/[...all]") continue; // below, endpoint by endpoint
    it(`${route.methods.join(", ")} ${route.pattern}`, async () => {
      const dynamic = route.segments.filter((s) => s.startsWith("["));
      const urlWith = (values: Record<string, string>) =>
        ORIGIN +
        route.pattern.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, name: string) =>
          encodeSegment(values[name] ?? ""),
        );
      const plausibleParams = Object.fromEntries(
        dynamic.map((s) => {
          const name = s.replace(/[[\].]/g, "");
          return [name, plausibleSegment[name] ?? "fuzz"];
        }),
      );
      const variants: { label: string; params: Record<string, string>; query: string }[] = [
        ...hostileQueries.map((query) => ({
          label: `?${query.slice(0, 60)}`,
          params: plausibleParams,
          query,
        })),
        ...dynamic.flatMap((s) => {
          const name = s.replace(/[[\].]/g, "");
          return hostileSegments.map(([label, value]) => ({
            label: `[${name}] = ${label}`,
            params: { ...plausibleParams, [name]: value },
            query: "",
          }));
        }),
      ];
      for (const method of route.methods) {
        const handler = route.module[method] as Handler;
        for (const caller of callers) {
          for (const variant of variants) {
            const url = `${urlWith(variant.params)}${variant.query ? `?${variant.query}` : ""}`;
            const label = `${method} ${route.pattern} ${variant.label} (${caller.label})`;
            await probe(label, handler, request(url, method, caller.headers()), variant.params);
          }
          if (method === "GET") continue;
          for (const [bodyLabel, body] of hostileBodies) {
            const label = `${method} ${route.pattern} ${bodyLabel} (${caller.label})`;
            await probe(
              label,
              handler,
              request(urlWith(plausibleParams), method, caller.headers(), body),
              plausibleParams,
            );
          }
        }
      }
      expectNoProblems();
    }, 120_000);
  }
});

const authRoute = (await import("../../app/api/auth/[...all]/route.ts")) as Record<"GET" | "POST", Handler>;

describe("fuzz: every Better Auth endpoint", () => {
  const { GET, POST } = authRoute;
  const endpoints = Object.values(
    auth.api as Record<string, { path?: string; options?: { method?: unknown } }>,
  )
    .filter((endpoint) => endpoint.path)
    .map((endpoint) => ({
      path: endpoint.path as string,
      methods: [endpoint.options?.method].flat().filter((m): m is string => m === "GET" || m === "POST"),
    }));
  it.each(endpoints)(
    "$methods $path",
    async ({ path: endpointPath, methods }) => {
      // A fresh account each: some endpoints end the session (sign-out, delete-user).
      const client = new TestAuthClient();
      await client.signInAnonymously();
      counts = await countRows();
      const paths = endpointPath.includes(":")
        ? hostileSegments.map(([label, value]) => [
            label,
            endpointPath.replace(/:\w+/g, encodeSegment(value)),
          ])
        : [["", endpointPath]];
      for (const [segmentLabel, resolved] of paths) {
        for (const method of methods) {
          const handler = method === "GET" ? GET : POST;
          for (const [who, headers] of [
            ["signed out", () => new TestAuthClient().headers()],
            ["anonymous", () => client.headers()],
          ] as const) {
            const url = `${ORIGIN}/api/auth${resolved}`;
            const bodies = method === "GET" ? [["", undefined]] : hostileBodies;
            for (const query of method === "GET" ? hostileQueries.slice(4, 8) : [""]) {
              for (const [bodyLabel, body] of bodies) {
                const label = `${method} /api/auth${endpointPath} ${segmentLabel} ${query.slice(0, 40)} ${bodyLabel ?? ""} (${who})`;
                await probe(
                  label,
                  handler,
                  request(query ? `${url}?${query}` : url, method, headers(), body),
                );
              }
            }
          }
        }
      }
      expectNoProblems();
    },
    120_000,
  );
});

const trpcRoute = (await import("../../app/api/trpc/[trpc]/route.ts")) as Record<"GET" | "POST", Handler>;

describe("fuzz: every tRPC procedure", () => {
  const { GET, POST } = trpcRoute;
  const procedures = Object.entries(
    (
      appRouter._def as unknown as {
        procedures: Record<string, { _def: { type: string; inputs: unknown[] } }>;
      }
    ).procedures,
  ).map(([name, procedure]) => ({ name, type: procedure._def.type, schema: procedure._def.inputs[0] }));

  it.each(procedures)(
    "$name",
    async ({ name, type, schema }) => {
      const caller = name.startsWith("admin.") ? callers[2] : callers[1];
      if (!caller) throw new Error("no callers");
      for (const [inputLabel, input] of inputsFor(schema)) {
        const serialized = toRawJson(superjson.serialize(input));
        const label = `${name} ${inputLabel}`;
        if (type === "query") {
          const url = `${ORIGIN}/api/trpc/${name}?input=${encodeURIComponent(serialized)}`;
          await probe(label, GET as Handler, request(url, "GET", caller.headers()));
        } else {
          const url = `${ORIGIN}/api/trpc/${name}`;
          await probe(label, POST as Handler, request(url, "POST", caller.headers(), serialized));
        }
      }
      expectNoProblems();
    },
    120_000,
  );
});
