import { describe, expect, it } from "vitest";
import type { ChatMessage } from "#common/chat-schema.ts";
import {
  COMPACT_AT,
  compactionCut,
  compactionThreshold,
  KEEP_SHARE,
  needsCompaction,
  SUMMARY_PREFIX,
  transcriptText,
  turnsBefore,
  withSummary,
} from "./compaction.ts";

const big = { contextWindow: 200_000, maxOutputTokens: 64_000 };

/** A conversation of `turns` turns: user, assistant calling a tool, its result, assistant answer. */
function conversation(turns: number): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: "system", content: "You are Ada." }];
  for (let turn = 1; turn <= turns; turn++) {
    messages.push(
      { role: "user", content: `question ${turn}` },
      {
        role: "assistant",
        content: "",
        tool_calls: [
          { id: `call_${turn}`, type: "function", function: { name: "python_run", arguments: "{}" } },
        ],
      },
      { role: "tool", tool_call_id: `call_${turn}`, content: `result ${turn}` },
      { role: "assistant", content: `answer ${turn}` },
    );
  }
  return messages;
}

describe("compaction thresholds", () => {
  it("compacts past COMPACT_AT of the window left after room for the output", () => {
    const threshold = compactionThreshold(big);
    expect(threshold).toBe(Math.floor((200_000 - 16_000) * COMPACT_AT));
    expect(needsCompaction(threshold, big)).toBe(false);
    expect(needsCompaction(threshold + 1, big)).toBe(true);
  });

  it("keeps the threshold inside the window, even for a model whose output room is most of it", () => {
    const odd = { contextWindow: 20_000, maxOutputTokens: 19_000 };
    expect(compactionThreshold(odd)).toBe(Math.floor(10_000 * COMPACT_AT));
    for (const model of [big, odd, { contextWindow: 400_000, maxOutputTokens: 128_000 }]) {
      expect(compactionThreshold(model)).toBeLessThan(model.contextWindow);
    }
  });
});

describe("where to cut", () => {
  const small = { contextWindow: 4_000, maxOutputTokens: 1_000 };
  // Every message weighs 100 tokens: a turn is 400.
  const tokens = () => 100;

  it("keeps the recent turns that fit KEEP_SHARE of the threshold, cutting where a user turn starts", () => {
    const messages = conversation(10);
    const cut = compactionCut(messages, tokens, small);
    expect(cut).not.toBeNull();
    const index = cut ?? 0;
    expect(messages[index]?.role).toBe("user");
    const kept = (messages.length - index) * 100;
    const budget = compactionThreshold(small) * KEEP_SHARE;
    expect(kept).toBeLessThanOrEqual(budget);
    // One more turn would not have fitted.
    expect(kept + 400).toBeGreaterThan(budget);
  });

  it("always keeps the last user turn, however large", () => {
    const messages = conversation(3);
    const cut = compactionCut(messages, () => 10_000, small);
    expect(cut).toBe(messages.findLastIndex((m) => m.role === "user"));
  });

  it("has nothing to compact in a single turn", () => {
    expect(compactionCut(conversation(1), () => 10_000, small)).toBeNull();
  });
});

describe("a summary in place of older turns", () => {
  it("keeps the instructions and the turns from the first one it does not stand for", () => {
    const messages = conversation(4);
    const out = withSummary(messages, "They asked 1 and 2.", 2);
    expect(out[0]).toEqual({ role: "system", content: "You are Ada." });
    expect(out[1]).toEqual({ role: "user", content: `${SUMMARY_PREFIX}They asked 1 and 2.` });
    expect(out[2]).toEqual({ role: "user", content: "question 3" });
    expect(out).toHaveLength(2 + 8);
    // Each tool call still travels with its result.
    const calls = out.flatMap((m) => (m.role === "assistant" ? (m.tool_calls ?? []).map((c) => c.id) : []));
    const results = out.flatMap((m) => (m.role === "tool" ? [m.tool_call_id] : []));
    expect(results).toEqual(calls);
  });

  it("counts the turns a new summary stands for, including those of the summary it replaces", () => {
    const messages = conversation(6);
    expect(
      turnsBefore(
        messages,
        messages.findIndex((m) => m.content === "question 4"),
        0,
      ),
    ).toBe(3);
    const summarised = withSummary(messages, "Turns 1 and 2.", 2);
    const cut = summarised.findIndex((m) => m.content === "question 5");
    expect(turnsBefore(summarised, cut, 2)).toBe(4);
    expect(withSummary(messages, "Turns 1 to 4.", 4)[2]).toEqual({ role: "user", content: "question 5" });
  });

  it("renders older turns as text for the summariser, shortened from the oldest end", () => {
    const text = transcriptText(conversation(2), 10_000);
    expect(text).toContain("USER: question 1");
    expect(text).toContain('[tool calls: [{"name":"python_run","arguments":"{}"}]]');
    expect(text).not.toContain("You are Ada.");
    const short = transcriptText(conversation(50), 200);
    expect(short.startsWith("[earliest part omitted]")).toBe(true);
    expect(short).toContain("answer 50");
    expect(short.length).toBeLessThan(240);
  });
});
