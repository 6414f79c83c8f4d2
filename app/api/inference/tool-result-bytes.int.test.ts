import { describe, expect, it } from "vitest";
import { db } from "#server/db.ts";
import { fakeModelServer } from "#server/test/setup-env.ts";
import { eventually, newAccount, openaiClient, usageOf } from "../../_test/gateway-helpers.ts";
import { APP_ORIGIN, routeFetch } from "../../_test/route-fetch.ts";

type Account = Awaited<ReturnType<typeof newAccount>>;

function browserPost(account: Account, body: unknown) {
  const headers = account.auth.headers();
  headers.set("content-type", "application/json");
  return routeFetch(`${APP_ORIGIN}/api/inference`, { method: "POST", headers, body: JSON.stringify(body) });
}

const call = (id: string) => ({
  role: "assistant",
  content: null,
  tool_calls: [{ id, type: "function", function: { name: "python_run", arguments: '{"code":"1"}' } }],
});

describe("the gateway records the tool-result bytes of each request (the session's ledger)", () => {
  it("stores the UTF-8 size of every tool message a request carries, per request", async () => {
    const account = await newAccount();
    fakeModelServer().enqueue({
      toolCalls: [{ id: "call_1", name: "python_run", arguments: '{"code":"1"}' }],
    });
    const question = { role: "user", content: "Average of 12,345 rows?" };
    const first = await browserPost(account, { model: "gpt-5.4-mini", stream: true, messages: [question] });
    const sessionId = first.headers.get("x-session-id") ?? "";
    await first.text();

    const firstResult = { role: "tool", tool_call_id: "call_1", content: "stdout:\nmoyenne 4,2 €" };
    fakeModelServer().enqueue({
      toolCalls: [{ id: "call_2", name: "python_run", arguments: '{"code":"1"}' }],
    });
    const second = await browserPost(account, {
      model: "gpt-5.4-mini",
      stream: true,
      session_id: sessionId,
      messages: [question, call("call_1"), firstResult],
    });
    await second.text();
    const secondResult = { role: "tool", tool_call_id: "call_2", content: "(no output)" };
    const third = await browserPost(account, {
      model: "gpt-5.4-mini",
      stream: true,
      session_id: sessionId,
      messages: [question, call("call_1"), firstResult, call("call_2"), secondResult],
    });
    await third.text();

    const rows = await eventually(
      () => db.usageLog.findMany({ where: { sessionId }, orderBy: { createdAt: "asc" } }),
      (found) => found.length === 3 && found.every((row) => row.status === "settled"),
    );
    // "€" is 3 bytes: the first result is 23 bytes, the second 11; every request resends the history.
    expect(rows.map((row) => row.toolResultBytes)).toEqual([0, 23, 34]);
    const total = await db.usageLog.aggregate({ where: { sessionId }, _sum: { toolResultBytes: true } });
    expect(total._sum.toolResultBytes).toBe(57);
  });

  it("stores them for requests with a virtual key too", async () => {
    const account = await newAccount();
    await openaiClient(account.key).chat.completions.create({
      model: "gpt-5.4-mini",
      messages: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: null, tool_calls: [call("call_k").tool_calls[0] as never] },
        { role: "tool", tool_call_id: "call_k", content: "12 rows €" },
      ],
    });
    const [row] = await usageOf(account.accountId);
    expect(row?.toolResultBytes).toBe(11);
  });

  it("records nothing for a refused request", async () => {
    const account = await newAccount(50);
    const response = await browserPost(account, {
      model: "gpt-5.4-mini",
      stream: true,
      messages: [
        { role: "user", content: "Hi" },
        call("call_9"),
        { role: "tool", tool_call_id: "call_9", content: "x" },
      ],
    });
    expect(response.status).toBe(429);
    expect(await db.usageLog.count({ where: { accountId: account.accountId } })).toBe(0);
  });
});
