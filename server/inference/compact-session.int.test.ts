import { describe, expect, it } from "vitest";
import type { ChatMessage, ChatRequest } from "#common/chat-schema.ts";
import { db } from "../db.ts";
import { logger } from "../logger.ts";
import { TestAuthClient } from "../test/auth-client.ts";
import { fakeModelServer } from "../test/setup-env.ts";
import { compactSession } from "./compact-session.ts";
import { compactionThreshold, SUMMARY_PREFIX } from "./compaction.ts";
import { countPromptTokens } from "./estimate.ts";
import { completeChat } from "./gateway.ts";
import { findModel } from "./models.ts";

/** A served model with a small window, so that a few turns fill it. */
const base = findModel("gpt-5.4-mini");
if (!base) throw new Error("gpt-5.4-mini is not served in the tests");
const small = { ...base, contextWindow: 4_000, maxOutputTokens: 500 };

const filler = (turn: number) => `turn ${turn}: ${"the quick brown fox jumps over the lazy dog ".repeat(16)}`;

function request(turns: number): ChatRequest {
  const messages: ChatMessage[] = [{ role: "system", content: "You are Ada." }];
  for (let turn = 1; turn <= turns; turn++) {
    messages.push(
      { role: "user", content: `question ${turn}` },
      {
        role: "assistant",
        content: filler(turn),
        tool_calls: [
          { id: `call_${turn}`, type: "function", function: { name: "python_run", arguments: "{}" } },
        ],
      },
      { role: "tool", tool_call_id: `call_${turn}`, content: filler(turn) },
    );
  }
  return { model: small.id, messages };
}

async function owner() {
  const accountId = await new TestAuthClient().signInAnonymously();
  const session = await db.agentSession.create({ data: { accountId, title: "Long" } });
  return { accountId, sessionId: session.id };
}

function deps(accountId: string) {
  const options = { signal: new AbortController().signal, log: logger, receivedAt: performance.now() };
  return {
    complete: (summary: ChatRequest) => completeChat({ accountId, keyId: null }, summary, options),
    countPrompt: async (prompt: ChatRequest) => countPromptTokens(prompt),
  };
}

describe("compacting a long session", () => {
  it("leaves a conversation that fits alone, without asking the database or the model", async () => {
    const who = await owner();
    const short = request(1);
    const out = await compactSession(who, short, small, deps(who.accountId));
    expect(out.request).toBe(short);
    expect(await db.agentMessage.count({ where: { sessionId: who.sessionId } })).toBe(0);
  });

  it("summarises older turns through the model (charged), stores the summary and reuses it", async () => {
    const who = await owner();
    const long = request(10);
    expect(countPromptTokens(long)).toBeGreaterThan(compactionThreshold(small));
    fakeModelServer().enqueue({ text: "They asked questions 1 to 7." });
    const out = await compactSession(who, long, small, deps(who.accountId));

    expect(out.promptEstimate).toBeLessThanOrEqual(compactionThreshold(small));
    expect(out.promptEstimate).toBe(countPromptTokens(out.request));
    const [system, summary, next] = out.request.messages;
    expect(system).toEqual({ role: "system", content: "You are Ada." });
    expect(summary).toEqual({ role: "user", content: `${SUMMARY_PREFIX}They asked questions 1 to 7.` });
    expect(next?.role).toBe("user");
    const stored = await db.agentMessage.findFirstOrThrow({ where: { sessionId: who.sessionId } });
    expect(stored).toMatchObject({ role: "system", content: "They asked questions 1 to 7.", seq: 1 });
    expect(next).toEqual({ role: "user", content: `question ${(stored.summarizedTurns ?? 0) + 1}` });
    // The summary was a request of its own, charged to the same account.
    const usage = await db.usageLog.findMany({ where: { accountId: who.accountId } });
    expect(usage).toHaveLength(1);
    expect(usage[0]?.charged).toBeGreaterThan(0);

    // The next request of the session starts from the stored summary: no new model call.
    const again = await compactSession(who, request(10), small, deps(who.accountId));
    expect(again.request.messages).toEqual(out.request.messages);
    expect(await db.usageLog.count({ where: { accountId: who.accountId } })).toBe(1);
  });

  it("does not touch another account's session", async () => {
    const victim = await owner();
    const intruder = await owner();
    const long = request(10);
    const out = await compactSession(
      { accountId: intruder.accountId, sessionId: victim.sessionId },
      long,
      small,
      deps(intruder.accountId),
    );
    expect(out.request).toBe(long);
    expect(await db.agentMessage.count({ where: { sessionId: victim.sessionId } })).toBe(0);
    expect(await db.usageLog.count({ where: { accountId: intruder.accountId } })).toBe(0);
  });
});
