import { describe, expect, it } from "vitest";
import type { ToolCallRow } from "#common/synced-tables.ts";
import { fixesExhausted, fixNumbers } from "./auto-fix.ts";
import { at, cell, message } from "./test-rows.ts";

/** One assistant message per cell, in order, after a user message at seq 1. */
function session(statuses: ToolCallRow["status"][], userAt: number[] = [1]) {
  const messages = userAt.map((seq) => message(seq, "user", "question"));
  const cells = statuses.map((status, index) => {
    const seq = 2 + index * 2;
    messages.push(message(seq, "assistant", null));
    return cell(`c${index}`, `m${seq}`, { status, created_at: at(seq) });
  });
  return { messages, cells };
}

describe("fixNumbers", () => {
  it("numbers the cells that follow failed cells, and starts again after a success", () => {
    const { messages, cells } = session(["completed", "error", "error", "completed", "error", "pending"]);
    expect(Object.fromEntries(fixNumbers(messages, cells))).toEqual({ "id-c2": 1, "id-c3": 2, "id-c5": 1 });
  });

  it("starts again after a user message", () => {
    // The user speaks at seq 5, between c1 (seq 4) and c2 (seq 6).
    const { messages, cells } = session(["completed", "error", "completed"], [1, 5]);
    expect(fixNumbers(messages, cells).size).toBe(0);
  });

  it("a skipped fix ends the run of failures", () => {
    const { messages, cells } = session(["error", "skipped", "pending"]);
    expect(Object.fromEntries(fixNumbers(messages, cells))).toEqual({ "id-c1": 1 });
  });
});

describe("fixesExhausted", () => {
  it("lets the agent fix a failure up to the cap, then stops it with a reason", () => {
    const stopReason = (statuses: ToolCallRow["status"][]) => {
      const { messages, cells } = session(statuses);
      return fixesExhausted(messages, cells, 2);
    };
    expect(stopReason(["error"])).toBeNull();
    expect(stopReason(["error", "error"])).toBeNull();
    expect(stopReason(["error", "error", "error"])).toMatch(/^Stopped: the code still fails after 2 fixes\./);
    expect(stopReason(["error", "error", "completed"])).toBeNull();
  });

  it("with fixes off, stops at the first failure", () => {
    const { messages, cells } = session(["error"]);
    expect(fixesExhausted(messages, cells, 0)).toMatch(/automatic fixes are off/);
    expect(fixesExhausted(messages, cells, 1)).toBeNull();
  });
});
