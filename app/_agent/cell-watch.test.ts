import { describe, expect, it } from "vitest";
import type { ToolCallRow } from "#common/synced-tables.ts";
import { CellWatch } from "./cell-watch.ts";

const cell = (callId: string, status: ToolCallRow["status"], session = "s1") =>
  ({ id: `id-${callId}`, session_id: session, call_id: callId, status }) as ToolCallRow;

describe("CellWatch", () => {
  it("resolves once every named cell of the session exists and is resolved", async () => {
    const watch = new CellWatch();
    let resolved: ToolCallRow[] | undefined;
    const waiting = watch.waitFor("s1", ["a", "b"]).then((cells) => {
      resolved = cells;
    });
    watch.update([cell("a", "pending")]);
    watch.update([cell("a", "completed"), cell("b", "running"), cell("b", "completed", "other")]);
    await Promise.resolve();
    expect(resolved).toBeUndefined();
    watch.update([cell("a", "completed"), cell("b", "skipped")]);
    await waiting;
    expect(resolved?.map((c) => [c.call_id, c.status])).toEqual([
      ["a", "completed"],
      ["b", "skipped"],
    ]);
  });

  it("resolves at once when the cells are already resolved", async () => {
    const watch = new CellWatch();
    watch.update([cell("a", "error")]);
    await expect(watch.waitFor("s1", ["a"])).resolves.toHaveLength(1);
  });

  it("rejects when the wait is aborted", async () => {
    const watch = new CellWatch();
    const controller = new AbortController();
    const waiting = watch.waitFor("s1", ["a"], controller.signal);
    controller.abort();
    await expect(waiting).rejects.toThrow();
  });
});
