/**
 * Malformed, oversized and unicode-hostile input to every route handler under app/, every Better
 * Auth endpoint and every tRPC procedure — all three enumerated here, so a new one is covered
 * without touching this file. No answer may be a 5xx (nor a body that breaks off), and a refused
 * request (4xx) must leave the row count of every table as it was.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { auth } from "../auth/auth.ts";
import { appRouter } from "../trpc/root.ts";
import { signInAdmin } from "./admin.ts";
import { TestAuthClient } from "./auth-client.ts";
import { createSessionWithCell } from "./factories.ts";
import { hostileStrings, inputsFor, toRawJson } from "./fuzz-inputs.ts";
import { changedTables, type RowCounts, rowCounter } from "./row-counts.ts";

const ORIGIN = "http://localhost:3000";
const APP_DIR = path.join(process.cwd(), "app");
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

/** Route handlers: every app/**\/route.ts, its URL pattern and the HTTP methods it exports. */
async function routes() {
  const files = (await readdir(APP_DIR, { recursive: true })).filter((file) => /(^|\/)route\.ts$/.test(file));
  return Promise.all(
    files.sort().map(async (file) => {
      const segments = path
        .dirname(file)
        .split(path.sep)
        .filter((segment) => segment !== "." && !/^\(.*\)$/.test(segment));
      const module = (await import(path.join(APP_DIR, file))) as Record<string, unknown>;
      const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"].filter(
        (m) => typeof module[m] === "function",
      );
      return { pattern: `/${segments.join("/")}`, segments, module, methods };
    }),
  );
}

/** A value for a dynamic segment that gets past the first checks, so later code sees the rest. */
const plausibleSegment: Record<string, string> = {
  table: "agent_sessions",
  id: "vega-cars",
  file: "micropip-0.0.0-py3-none-any.whl",
  trpc: "account.me",
};

const hostileSegments = [
  ...hostileStrings.map(([label, value]) => [label, value] as const),
  ["99999999999999999999", "99999999999999999999"],
] as const;

/** Query strings that other routes read, each hostile: every route gets all of them. */
const hostileQueries = [
  "offset=99999999999999999999999_99999999999999999999&handle=x",
  "offset=-1&handle=%00&cursor=%00&live=false",
  `offset=abc_def&handle=${"h".repeat(5_000)}`,
  "offset=0_0&live=true&handle=00000000-0000-0000-0000-000000000000",
  "email=%00",
  `email=${"a".repeat(5_000)}%40example.com`,
  "accountId=%00&model=%00&status=%00&from=%00&to=%00",
  "accountId=%00&model=%00",
  "from=275760-09-13&to=-271821-04-20&status=open",
  "input=%7B&batch=1",
  "input=%22%5Cu0000%22",
  "x=%E0%A4%A&y=%F0%9F%98%80%E2%80%AE",
  "columns=*&table=user&where=1%3D1&params%5B1%5D=x",
];

const chat = (messages: unknown, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ model: "ada-demo", messages, ...extra });

/** Bodies: malformed, the wrong shape, oversized, and hostile text where the gateway stores it. */
const hostileBodies: [string, string][] = [
  ["empty body", ""],
  ["malformed JSON", '{"model":'],
  ["JSON null", "null"],
  ["JSON array", "[]"],
  ["JSON string", '"x"'],
  ["wrong types", JSON.stringify({ model: 1, messages: "x", session_id: 5, stream: "yes", max_tokens: -1 })],
  ["NUL everywhere", chat([{ role: "user", content: "hi\u0000" }], { session_id: "\u0000", user: "\u0000" })],
  [
    "NUL in tool_call_id",
    chat([
      { role: "user", content: "x" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "c\u0000", type: "function", function: { name: "python_run", arguments: "{}" } }],
      },
      { role: "tool", tool_call_id: "c\u0000", content: "out\u0000" },
    ]),
  ],
  ["lone surrogates", chat([{ role: "user", content: "\ud800\udfff\ud800" }])],
  ["3 MB body", chat([{ role: "user", content: "a".repeat(3_000_000) }])],
  ["nested 100,000 deep", `{"model":"ada-demo","messages":${"[".repeat(100_000)}${"]".repeat(100_000)}}`],
  [
    "sign-in fields with NUL",
    JSON.stringify({
      email: "a\u0000@example.com",
      otp: "\u0000",
      name: "\u0000",
      callbackURL: "\u0000",
      token: "\u0000",
    }),
  ],
];

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
