import { describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import type { completeToolCallInput } from "#server/agent/tool-calls.ts";
import { db } from "#server/db.ts";
import { Prisma } from "#server/generated/prisma/client.ts";
import { createSessionWithCell } from "#server/test/factories.ts";
import { eventually, newAccount } from "../../_test/gateway-helpers.ts";
import { APP_ORIGIN, routeFetch } from "../../_test/route-fetch.ts";

// Small caps, so each one is reached in a few requests. Set before server/env.ts is imported.
vi.hoisted(() => {
  Object.assign(process.env, {
    MAX_SESSIONS_PER_DAY: "3",
    MAX_MESSAGE_BYTES: "20000",
    MAX_REQUEST_BYTES: "60000",
    // The accounts here are anonymous: theirs is the cap that counts; signed-in ones keep more.
    MAX_STORAGE_BYTES_ANON: "50000",
    MAX_STORAGE_BYTES: "200000",
    MAX_CELL_TEXT_CHARS: "1000",
    MAX_CELL_OUTPUTS_CHARS: "20000",
  });
});

type Account = Awaited<ReturnType<typeof newAccount>>;

/** An account whose quota is never what stops it here. */
const account = () => newAccount(10_000_000);

function browserPost(account: Account, body: unknown) {
  const headers = account.auth.headers();
  headers.set("content-type", "application/json");
  return routeFetch(`${APP_ORIGIN}/api/inference`, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

function keyPost(key: string, body: unknown) {
  return routeFetch(`${APP_ORIGIN}/api/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

/** ASCII prose of exactly `chars` characters (and bytes). */
const text = (chars: number, seed = "") => {
  const line = `${seed} The iris data, row by row. `;
  return line.repeat(Math.ceil(chars / line.length)).slice(0, chars);
};
const ask = (...contents: string[]) => ({
  model: "gpt-5.4-mini",
  stream: true,
  messages: contents.flatMap((content, i) => [
    ...(i ? [{ role: "assistant", content: "Hello from the fake model." }] : []),
    { role: "user", content },
  ]),
});

/** A turn that goes through; returns its session. */
async function turn(account: Account, body: object) {
  const response = await browserPost(account, body);
  expect(response.status).toBe(200);
  await response.text();
  return response.headers.get("x-session-id") ?? "";
}

/** Every row of every table, as a digest per table; the admin's per-day count of 429s aside. */
async function databaseState() {
  const tables = await db.$queryRaw<{ name: string }[]>`
    SELECT tablename AS name FROM pg_tables
    WHERE schemaname = 'public' AND tablename NOT IN ('_prisma_migrations', 'gateway_refusals')
    ORDER BY 1`;
  const state: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await db.$queryRaw<{ digest: string }[]>`
      SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS digest
      FROM ${Prisma.raw(`"${name}"`)} t`;
    state[name] = row?.digest ?? "";
  }
  return state;
}

/** Sends a request that must be refused, and checks that no table changed. */
async function refusedWithoutWrites(send: () => Promise<Response>, status: number) {
  const before = await databaseState();
  const response = await send();
  expect(response.status).toBe(status);
  const { error } = (await response.json()) as { error: Record<string, unknown> };
  // Long enough for anything the request set off without waiting on it to land.
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(await databaseState()).toEqual(before);
  return error;
}

describe("a refused gateway request writes nothing", () => {
  it("malformed JSON, a bad session id, an unknown model: 400", async () => {
    const a = await account();
    await refusedWithoutWrites(() => browserPost(a, "{not json"), 400);
    await refusedWithoutWrites(() => browserPost(a, { ...ask("hi"), session_id: "nope" }), 400);
    await refusedWithoutWrites(() => browserPost(a, { ...ask("hi"), model: "gpt-0" }), 400);
  });

  it("a message or a request past its cap: 413 in OpenAI's shape, on both routes", async () => {
    const a = await account();
    const message = await refusedWithoutWrites(() => browserPost(a, ask(text(25_000))), 413);
    expect(message).toMatchObject({
      type: "invalid_request_error",
      code: "message_too_large",
      param: "messages.0",
    });
    const request = await refusedWithoutWrites(
      () => browserPost(a, ask(text(16_000), text(16_000), text(16_000), text(16_000))),
      413,
    );
    expect(request).toMatchObject({ type: "invalid_request_error", code: "request_too_large" });

    // A key's last use is recorded once a minute: record it before watching the tables.
    await (await keyPost(a.key, "{}")).text();
    await eventually(
      () => db.virtualKey.findUniqueOrThrow({ where: { id: a.keyId } }),
      (key) => key.lastUsedAt !== null,
    );
    const byKey = await refusedWithoutWrites(() => keyPost(a.key, ask(text(25_000))), 413);
    expect(byKey).toMatchObject({ code: "message_too_large", param: "messages.0" });
  });

  it("no quota left: 429, and no session or turn is stored", async () => {
    const poor = await newAccount(100);
    const error = await refusedWithoutWrites(() => browserPost(poor, ask("Plot the iris data")), 429);
    expect(error).toMatchObject({ type: "insufficient_quota" });
  });

  it("another account's session, or none at all: 404", async () => {
    const owner = await account();
    const sessionId = await turn(owner, ask("Plot the iris data"));
    const intruder = await account();
    for (const session_id of [sessionId, "00000000-0000-4000-8000-00000000abcd"]) {
      const error = await refusedWithoutWrites(
        () => browserPost(intruder, { ...ask("mine"), session_id }),
        404,
      );
      expect(error).toMatchObject({ type: "not_found_error" });
    }
  });
});

describe("sessions a day", () => {
  it("refuses a new session past MAX_SESSIONS_PER_DAY with 429, also after deleting some", async () => {
    const a = await account();
    const sessions = [];
    for (let i = 0; i < 3; i++) sessions.push(await turn(a, ask(`Question ${i}`)));
    const error = await refusedWithoutWrites(() => browserPost(a, ask("One more")), 429);
    expect(error).toMatchObject({ type: "rate_limit_exceeded", code: "too_many_requests" });
    expect(error.message).toContain("3 analyses today");

    // Deleting analyses does not make room for more today; continuing one still works.
    await (await a.auth.caller()).sessions.delete({ id: sessions[0] ?? "" });
    await refusedWithoutWrites(() => browserPost(a, ask("One more")), 429);
    await turn(a, { ...ask("Question 1", "And the petals?"), session_id: sessions[1] });
    expect(await db.agentSession.count({ where: { accountId: a.accountId } })).toBe(2);
  });
});

describe("storage per account", () => {
  it("refuses a new turn that would pass MAX_STORAGE_BYTES with 413, until old analyses go", async () => {
    const a = await account();
    const first = await turn(a, ask(text(15_000, "1")));
    await turn(a, { ...ask(text(15_000, "1"), text(15_000, "2")), session_id: first });
    const second = await turn(a, ask(text(15_000, "3")));
    const next = { ...ask(text(15_000, "3"), text(15_000, "4")), session_id: second };
    const error = await refusedWithoutWrites(() => browserPost(a, next), 413);
    expect(error).toMatchObject({ type: "invalid_request_error", code: "payload_too_large" });
    expect(error.message).toMatch(/Storage is full: .* Delete old analyses to make room\./);

    await (await a.auth.caller()).sessions.delete({ id: first });
    await turn(a, next);
    const stored = await db.agentMessage.findMany({ where: { sessionId: second }, orderBy: { seq: "asc" } });
    expect(stored.map((m) => [m.role, m.storedBytes])).toEqual([
      ["user", 15_000],
      ["assistant", 26],
      ["user", 15_000],
      ["assistant", 26],
    ]);
  });
});

describe("storage per account, by kind of account", () => {
  it("lets a signed-in account keep more than an anonymous one", async () => {
    const a = await account();
    const first = await turn(a, ask(text(18_000, "1")));
    await turn(a, { ...ask(text(18_000, "1"), text(18_000, "2")), session_id: first });
    const next = ask(text(18_000, "3"));
    await refusedWithoutWrites(() => browserPost(a, next), 413);
    await db.user.update({ where: { id: a.accountId }, data: { isAnonymous: false } });
    await turn(a, next);
  });
});

describe("toolCalls.complete caps", () => {
  async function cellOf(a: Account) {
    return (await createSessionWithCell(a.accountId)).cell;
  }
  const run = (id: string, result: object = {}) => ({
    id,
    status: "completed" as const,
    executedCode: "print(1)",
    ...result,
  });
  const png = (chars: number) => ({
    output_type: "display_data" as const,
    data: { "image/png": "A".repeat(chars) },
    metadata: {},
  });

  /** Calls toolCalls.complete, which must fail with PAYLOAD_TOO_LARGE and write nothing. */
  async function tooLarge(a: Account, input: z.input<typeof completeToolCallInput>) {
    const api = await a.auth.caller();
    const before = await databaseState();
    const error = await api.toolCalls.complete(input).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(await databaseState()).toEqual(before);
    return (error as Error).message;
  }

  it("refuses stdout, stderr, code or an error past MAX_CELL_TEXT_CHARS, naming the part", async () => {
    const a = await account();
    const cell = await cellOf(a);
    expect(await tooLarge(a, run(cell.id, { stdout: "x".repeat(1_001) }))).toBe(
      "The cell's stdout has 1,001 characters; at most 1,000 are kept.",
    );
    expect(await tooLarge(a, run(cell.id, { stderr: "x".repeat(1_001) }))).toContain("stderr");
    expect(await tooLarge(a, run(cell.id, { executedCode: "x".repeat(1_001) }))).toContain("executedCode");
    const error = {
      output_type: "error" as const,
      ename: "ValueError",
      evalue: "v".repeat(600),
      traceback: ["t".repeat(600)],
    };
    expect(await tooLarge(a, run(cell.id, { outputs: [error] }))).toContain("outputs[0] (error)");
  });

  it("refuses one output, or all of a cell's, past MAX_CELL_OUTPUTS_CHARS, naming it", async () => {
    const a = await account();
    const cell = await cellOf(a);
    expect(await tooLarge(a, run(cell.id, { outputs: [png(25_000)] }))).toContain(
      "outputs[0] (display_data: image/png) takes",
    );
    expect(await tooLarge(a, run(cell.id, { outputs: [png(12_000), png(12_000)] }))).toContain(
      "The cell's outputs take",
    );
    const api = await a.auth.caller();
    await api.toolCalls.complete(run(cell.id, { stdout: "ok\n", outputs: [png(12_000)] }));
    const stored = await db.agentToolCall.findUniqueOrThrow({ where: { id: cell.id } });
    expect(stored.status).toBe("completed");
    // The proposal (call id, name, code) was not counted by the factory; the result is.
    expect(stored.storedBytes).toBe("print(1)".length + "ok\n".length + JSON.stringify([png(12_000)]).length);
  });

  it("refuses a result once the account's storage is full, also under concurrent results", async () => {
    const a = await account();
    const cells = await Promise.all(Array.from({ length: 5 }, () => cellOf(a)));
    const api = await a.auth.caller();
    // Five results of 15 kB at once; 50 kB hold three of them.
    const results = await Promise.allSettled(
      cells.map((cell) => api.toolCalls.complete(run(cell.id, { outputs: [png(15_000)] }))),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
    expect(refused).toHaveLength(2);
    for (const reason of refused) {
      expect(reason).toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
      expect((reason as Error).message).toContain("Delete old analyses to make room.");
    }
    expect(await db.agentToolCall.count({ where: { accountId: a.accountId, status: "pending" } })).toBe(2);
  });
});
