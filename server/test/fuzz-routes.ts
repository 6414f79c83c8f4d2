/**
 * What the fuzz test sends to route handlers (test code): the handlers themselves, found under
 * app/, and the hostile path segments, query strings and bodies each of them gets.
 */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { hostileStrings } from "./fuzz-inputs.ts";

const APP_DIR = path.join(process.cwd(), "app");

/** Route handlers: every app/**\/route.ts, its URL pattern and the HTTP methods it exports. */
export async function routes() {
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
export const plausibleSegment: Record<string, string> = {
  table: "agent_sessions",
  id: "vega-cars",
  file: "micropip-0.0.0-py3-none-any.whl",
  trpc: "account.me",
};

export const hostileSegments = [
  ...hostileStrings.map(([label, value]) => [label, value] as const),
  ["99999999999999999999", "99999999999999999999"],
] as const;

/** Query strings that other routes read, each hostile: every route gets all of them. */
export const hostileQueries = [
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
export const hostileBodies: [string, string][] = [
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
