import { describe, expect, it } from "vitest";
import { db } from "#server/db.ts";
import { fakeModelServer } from "#server/test/setup-env.ts";
import { bucketOf, eventually, newAccount, usageOf } from "../../_test/gateway-helpers.ts";
import { APP_ORIGIN, routeFetch } from "../../_test/route-fetch.ts";

type Account = Awaited<ReturnType<typeof newAccount>>;

function browserPost(account: Account, body: unknown) {
  const headers = account.auth.headers();
  headers.set("content-type", "application/json");
  return routeFetch(`${APP_ORIGIN}/api/inference`, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

function keyPost(key: string, body: string) {
  return routeFetch(`${APP_ORIGIN}/api/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body,
  });
}

const hello = {
  model: "gpt-5.4-mini",
  stream: true,
  messages: [{ role: "user", content: "Plot the iris data" }],
};

describe("POST /api/inference (the browser agent's route)", () => {
  it("opens a session, stores the user's turn and the answer with its tool calls", async () => {
    const account = await newAccount();
    fakeModelServer().enqueue({
      text: "Let me look.",
      toolCalls: [{ id: "call_7", name: "python_run", arguments: '{"code":"import pandas as pd"}' }],
    });
    const response = await browserPost(account, hello);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const sessionId = response.headers.get("x-session-id");
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    const body = await response.text();
    expect(body.trim().endsWith("data: [DONE]")).toBe(true);

    const messages = await eventually(
      () => db.agentMessage.findMany({ where: { sessionId: sessionId ?? "" }, orderBy: { seq: "asc" } }),
      (rows) => rows.length === 2,
    );
    expect(messages.map((m) => [m.seq, m.role, m.content])).toEqual([
      [1, "user", "Plot the iris data"],
      [2, "assistant", "Let me look."],
    ]);
    expect(messages.every((m) => m.accountId === account.accountId)).toBe(true);
    const calls = await db.agentToolCall.findMany({ where: { sessionId: sessionId ?? "" } });
    expect(calls).toMatchObject([
      {
        callId: "call_7",
        name: "python_run",
        proposedCode: "import pandas as pd",
        status: "pending",
        messageId: messages[1]?.id,
      },
    ]);
    const session = await db.agentSession.findUniqueOrThrow({ where: { id: sessionId ?? "" } });
    expect(session).toMatchObject({
      title: "Plot the iris data",
      model: "gpt-5.4-mini",
      accountId: account.accountId,
    });
    const [usage] = await usageOf(account.accountId);
    expect(usage?.sessionId).toBe(sessionId);
    expect(messages[1]?.usageLogId).toBe(usage?.id);
  });

  it("appends the next turn (the tool result) to the same session, once even when retried", async () => {
    const account = await newAccount();
    fakeModelServer().enqueue({
      toolCalls: [{ id: "call_1", name: "python_run", arguments: '{"code":"1+1"}' }],
    });
    const first = await browserPost(account, hello);
    const session_id = first.headers.get("x-session-id");
    await first.text();
    const next = {
      ...hello,
      session_id,
      messages: [
        ...hello.messages,
        {
          role: "assistant",
          content: null,
          tool_calls: [
            { id: "call_1", type: "function", function: { name: "python_run", arguments: '{"code":"1+1"}' } },
          ],
        },
        { role: "tool", tool_call_id: "call_1", content: "2" },
      ],
    };
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await browserPost(account, next);
      expect(response.headers.get("x-session-id")).toBe(session_id);
      await response.text();
    }
    const rows = await eventually(
      () => db.agentMessage.findMany({ where: { sessionId: session_id ?? "" }, orderBy: { seq: "asc" } }),
      (r) => r.length === 5,
    );
    expect(rows.map((m) => m.role)).toEqual(["user", "assistant", "tool", "assistant", "assistant"]);
    expect(rows[2]).toMatchObject({ toolCallId: "call_1", content: "2" });
  });

  it("charges and stores an answer whose text holds characters Postgres text cannot", async () => {
    const account = await newAccount();
    fakeModelServer().enqueue({
      text: "nul\u0000here",
      toolCalls: [
        { id: "call_nul", name: "python_run", arguments: JSON.stringify({ code: "x = '\u0000'" }) },
      ],
      usage: { prompt: 12, completion: 8 },
    });
    const response = await browserPost(account, hello);
    const sessionId = response.headers.get("x-session-id") ?? "";
    await response.text();
    const [row] = await eventually(
      () => usageOf(account.accountId),
      (rows) => rows[0]?.status === "settled",
    );
    expect(row).toMatchObject({ status: "settled", charged: 20 });
    const call = await db.agentToolCall.findFirstOrThrow({ where: { sessionId } });
    expect(call.proposedCode).toBe("x = ''");
  });

  it("stores a turn whose title or tool_call_id holds NUL characters without them", async () => {
    const account = await newAccount();
    const first = await browserPost(account, {
      ...hello,
      messages: [{ role: "user", content: "Plot\u0000 it" }],
    });
    expect(first.status).toBe(200);
    await first.text();
    const session_id = first.headers.get("x-session-id") ?? "";
    expect((await db.agentSession.findUniqueOrThrow({ where: { id: session_id } })).title).toBe("Plot it");
    const call = { id: "call\u00001", type: "function", function: { name: "python_run", arguments: "{}" } };
    const messages = [
      { role: "user", content: "Plot\u0000 it" },
      { role: "assistant", content: null, tool_calls: [call] },
      { role: "tool", tool_call_id: "call\u00001", content: "done" },
    ];
    for (let attempt = 0; attempt < 2; attempt++) {
      const next = await browserPost(account, { ...hello, session_id, messages });
      expect(next.status).toBe(200);
      await next.text();
    }
    const results = await db.agentMessage.findMany({ where: { sessionId: session_id, role: "tool" } });
    expect(results.map((m) => m.toolCallId)).toEqual(["call1"]);
  });

  it("answers 404 for another account's session and touches nothing", async () => {
    const owner = await newAccount();
    const intruder = await newAccount();
    const created = await browserPost(owner, hello);
    const session_id = created.headers.get("x-session-id");
    await created.text();

    const response = await browserPost(intruder, { ...hello, session_id });
    expect(response.status).toBe(404);
    expect((await response.json()).error).toMatchObject({ type: "not_found_error" });
    expect(
      await db.agentMessage.count({ where: { sessionId: session_id ?? "", accountId: intruder.accountId } }),
    ).toBe(0);
    expect(await usageOf(intruder.accountId)).toHaveLength(0);
  });

  it("refuses a request without a session cookie with 401, even with a valid key", async () => {
    const { key } = await newAccount();
    const response = await routeFetch(`${APP_ORIGIN}/api/inference`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(hello),
    });
    expect(response.status).toBe(401);
    expect((await response.json()).error.type).toBe("authentication_error");
  });
});

describe("gateway authorization", () => {
  it("answers 401 for an unknown or revoked key", async () => {
    const account = await newAccount();
    const body = JSON.stringify(hello);
    expect((await keyPost("sk-ada-not-a-real-key", body)).status).toBe(401);
    await (await account.auth.caller()).keys.revoke({ id: account.keyId });
    const revoked = await keyPost(account.key, body);
    expect(revoked.status).toBe(401);
    expect((await revoked.json()).error).toMatchObject({
      type: "authentication_error",
      code: "invalid_api_key",
    });
  });

  it("answers 403 to a banned user by key and by cookie", async () => {
    const account = await newAccount();
    await db.user.update({ where: { id: account.accountId }, data: { banned: true } });
    const byKey = await keyPost(account.key, JSON.stringify(hello));
    expect(byKey.status).toBe(403);
    expect((await byKey.json()).error.type).toBe("permission_error");
    expect((await browserPost(account, hello)).status).toBe(403);
    expect(await usageOf(account.accountId)).toHaveLength(0);
  });

  it("refuses a key revoked or an account banned elsewhere on the very next request", async () => {
    // A key that has just been used is remembered by this instance; another instance revokes it.
    const revoked = await newAccount();
    await (await keyPost(revoked.key, JSON.stringify(hello))).text();
    await db.virtualKey.update({ where: { id: revoked.keyId }, data: { revokedAt: new Date() } });
    expect((await keyPost(revoked.key, JSON.stringify(hello))).status).toBe(401);

    const banned = await newAccount();
    await (await keyPost(banned.key, JSON.stringify(hello))).text();
    await db.user.update({ where: { id: banned.accountId }, data: { banned: true } });
    const refused = await keyPost(banned.key, JSON.stringify(hello));
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe("account_banned");
    expect(await usageOf(banned.accountId)).toHaveLength(1);
  });

  it("records when a key was last used", async () => {
    const account = await newAccount();
    await (await keyPost(account.key, JSON.stringify(hello))).text();
    const key = await eventually(
      () => db.virtualKey.findUniqueOrThrow({ where: { id: account.keyId } }),
      (k) => k.lastUsedAt !== null,
    );
    expect(key.lastUsedAt).toBeInstanceOf(Date);
  });
});

describe("bad input", () => {
  const cases: [string, string, string | null][] = [
    ["malformed JSON", "{not json", null],
    ["a missing messages array", JSON.stringify({ model: "gpt-5.4-mini" }), "messages"],
    ["an empty messages array", JSON.stringify({ model: "gpt-5.4-mini", messages: [] }), "messages"],
    ["an unknown model", JSON.stringify({ model: "gpt-0", messages: hello.messages }), "model"],
    [
      "a message with an unknown role",
      JSON.stringify({ model: "gpt-5.4-mini", messages: [{ role: "wizard", content: "x" }] }),
      "messages.0.role",
    ],
  ];

  it.each(cases)("answers 400 in OpenAI's shape for %s and debits nothing", async (_name, body, param) => {
    const account = await newAccount();
    const response = await keyPost(account.key, body);
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error).toMatchObject({ type: "invalid_request_error", message: expect.any(String) });
    if (param) expect(error.param).toBe(param);
    expect(await usageOf(account.accountId)).toHaveLength(0);
    expect((await bucketOf(account.accountId)).usedTokens).toBe(0);
  });

  it("answers 413 in OpenAI's shape for a body over MAX_REQUEST_BYTES and debits nothing", async () => {
    const account = await newAccount();
    const body = JSON.stringify({
      model: "gpt-5.4-mini",
      messages: Array.from({ length: 3 }, () => ({ role: "user", content: "x".repeat(700_000) })),
    });
    const response = await keyPost(account.key, body);
    expect(response.status).toBe(413);
    expect((await response.json()).error).toMatchObject({
      type: "invalid_request_error",
      code: "request_too_large",
    });
    expect(await usageOf(account.accountId)).toHaveLength(0);
    expect((await bucketOf(account.accountId)).usedTokens).toBe(0);
  });
});
