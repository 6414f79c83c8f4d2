import { describe, expect, it } from "vitest";
import { db } from "#server/db.ts";
import { fakeModelServer } from "#server/test/setup-env.ts";
import { eventually, newAccount, usageOf } from "../../_test/gateway-helpers.ts";
import { APP_ORIGIN, routeFetch } from "../../_test/route-fetch.ts";

type Account = Awaited<ReturnType<typeof newAccount>>;

function call(account: Account, method: string, sessionId?: string, init: RequestInit = {}) {
  const headers = account.auth.headers();
  for (const [name, value] of new Headers(init.headers)) headers.set(name, value);
  const query = sessionId ? `?session_id=${sessionId}` : "";
  return routeFetch(`${APP_ORIGIN}/api/inference${query}`, { ...init, method, headers });
}

const ask = (account: Account) =>
  call(account, "POST", undefined, {
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      model: "gpt-5.4-mini",
      stream: true,
      messages: [{ role: "user", content: "Tell me a long story" }],
    }),
  });

type Event = { id: number; data: string };

/** Reads SSE events (`id:` and `data:` lines) until `count` have come or the body ends. */
async function readEvents(body: ReadableStream<Uint8Array>, count = Number.POSITIVE_INFINITY) {
  const reader = body
    .pipeThrough(new TextDecoderStream() as ReadableWritablePair<string, Uint8Array>)
    .getReader();
  const events: Event[] = [];
  let text = "";
  while (events.length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    text += value;
    for (let end = text.indexOf("\n\n"); end >= 0; end = text.indexOf("\n\n")) {
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      events.push({
        id: Number(/^id: (\d+)$/m.exec(block)?.[1]),
        data: /^data: (.*)$/m.exec(block)?.[1] ?? "",
      });
    }
  }
  await reader.cancel();
  return events;
}

const contentOf = (events: Event[]) =>
  events
    .filter((event) => event.data !== "[DONE]")
    .map((event) => JSON.parse(event.data).choices[0]?.delta?.content ?? "")
    .join("");

const STORY = "Once upon a time there was a very patient gateway that kept every event.";

describe("an answer in flight on /api/inference", () => {
  it("numbers its events and goes on after its reader leaves; a reader attaches from any id", async () => {
    const account = await newAccount();
    fakeModelServer().enqueue({ text: STORY, pieceSize: 4, chunkDelayMs: 40 });
    const response = await ask(account);
    const sessionId = response.headers.get("x-session-id") ?? "";
    const first = await readEvents(response.body as ReadableStream<Uint8Array>, 3);
    expect(first.map((event) => event.id)).toEqual([1, 2, 3]);

    const rest = await call(account, "GET", sessionId, { headers: { "last-event-id": "3" } });
    expect(rest.status).toBe(200);
    expect(rest.headers.get("content-type")).toContain("text/event-stream");
    const after = await readEvents(rest.body as ReadableStream<Uint8Array>);
    expect(after[0]?.id).toBe(4);
    expect(after.at(-1)?.data).toBe("[DONE]");
    expect(contentOf([...first, ...after])).toBe(STORY);

    const answer = await eventually(
      () => db.agentMessage.findFirst({ where: { sessionId, role: "assistant" } }),
      (row) => row !== null,
    );
    expect(answer?.content).toBe(STORY);
    expect((await usageOf(account.accountId))[0]?.status).toBe("settled");
    // Finished: nothing is in flight any more, and the transcript has it.
    expect((await call(account, "GET", sessionId)).status).toBe(204);
  });

  it("is not another account's to read or stop", async () => {
    const owner = await newAccount();
    const other = await newAccount();
    fakeModelServer().enqueue({ text: STORY, pieceSize: 4, chunkDelayMs: 30 });
    const response = await ask(owner);
    const sessionId = response.headers.get("x-session-id") ?? "";
    expect((await call(other, "GET", sessionId)).status).toBe(204);
    expect((await call(other, "DELETE", sessionId)).status).toBe(204);
    expect(contentOf(await readEvents(response.body as ReadableStream<Uint8Array>))).toBe(STORY);
  });

  it("stops when its owner says so, for every reader, and settles for what was used", async () => {
    const account = await newAccount();
    fakeModelServer().enqueue({ text: STORY.repeat(4), pieceSize: 4, chunkDelayMs: 40 });
    const response = await ask(account);
    const sessionId = response.headers.get("x-session-id") ?? "";
    const second = await call(account, "GET", sessionId);
    const seen = await readEvents(response.body as ReadableStream<Uint8Array>, 2);
    expect((await call(account, "DELETE", sessionId)).status).toBe(204);
    const rest = await readEvents(second.body as ReadableStream<Uint8Array>);
    expect(rest.at(-1)?.data).toBe("[DONE]");
    expect(contentOf(rest).length).toBeLessThan(STORY.length * 4);
    expect(contentOf(rest).startsWith(contentOf(seen))).toBe(true);
    const [usage] = await eventually(
      () => usageOf(account.accountId),
      (rows) => rows[0]?.status !== "open",
    );
    expect(usage?.status).toBe("aborted");
    expect(usage?.completionTokens).toBeGreaterThan(0);
  });

  it("answers 204 when nothing is in flight and 400 for a Last-Event-ID that is not an id", async () => {
    const account = await newAccount();
    expect((await call(account, "GET", crypto.randomUUID())).status).toBe(204);
    expect((await call(account, "GET")).status).toBe(204);
    const bad = await call(account, "GET", crypto.randomUUID(), { headers: { "last-event-id": "x" } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/Last-Event-ID/);
  });
});
