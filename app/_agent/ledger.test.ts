import { describe, expect, it } from "vitest";
import type { MessageRow, UsageRow } from "#common/synced-tables.ts";
import { buildLedger } from "./ledger.ts";
import { at, message } from "./test-rows.ts";

const usage = (id: string, second: number, bytes: number): UsageRow => ({
  id,
  session_id: "s1",
  model: "m",
  status: "settled",
  reserved: 100,
  charged: 50,
  prompt_tokens: 40,
  completion_tokens: 10,
  tool_result_bytes: bytes,
  created_at: at(second),
});
const answer = (seq: number, usageId: string): MessageRow => ({
  ...message(seq, "assistant", "…"),
  usage_log_id: usageId,
});

describe("buildLedger", () => {
  const messages = [
    message(1, "user", "Mean?"),
    answer(2, "u1"),
    message(3, "tool", "stdout:\n5.84", "c1"),
    answer(4, "u2"),
    message(5, "tool", "€", "c2"),
    answer(6, "u4"),
  ];

  it("lists per request the tool results it carried, with the gateway's count as its size", () => {
    const ledger = buildLedger([usage("u2", 3, 12), usage("u1", 1, 0), usage("u4", 9, 15)], messages);
    expect(
      ledger.entries.map((entry) => [entry.request.id, entry.items.map((item) => item.toolCallId)]),
    ).toEqual([
      ["u1", []],
      ["u2", ["c1"]],
      ["u4", ["c1", "c2"]],
    ]);
    expect(ledger.entries[2]?.items.map((item) => item.bytes)).toEqual([12, 3]);
    expect(ledger.totalBytes).toBe(27);
  });

  it("gives a request without a stored answer what was stored before the next answer", () => {
    const failed = { ...usage("u3", 6, 12), status: "failed" as const };
    const ledger = buildLedger([usage("u1", 1, 0), usage("u2", 3, 12), failed, usage("u4", 9, 15)], messages);
    // Answers are written when their request settles: m6 (at second 6) is the first after u3 began.
    expect(ledger.entries[2]?.items.map((item) => item.toolCallId)).toEqual(["c1", "c2"]);
    expect(ledger.totalBytes).toBe(39);
  });
});
