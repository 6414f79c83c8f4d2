import { describe, expect, it } from "vitest";
import { ChangeLog, type NewChange, shapeKey } from "./change-log.ts";

const everything = (sizes: number[]) => sizes.length;
const change = (accountId: string, id: string, operation: NewChange["operation"] = "insert"): NewChange => ({
  table: "agent_sessions",
  accountId,
  operation,
  value: { id, account_id: accountId, title: "x".repeat(100) },
});
const newLog = (maxBytes = 1e9, maxAgeMs = 60_000) =>
  new ChangeLog({ lsn: 100n, op: 0 }, { maxBytes, maxAgeMs });

describe("the change log", () => {
  it("numbers changes by commit LSN and place, and hands a shape only its own, after an offset", () => {
    const log = newLog();
    log.commit(200n, [change("a", "1"), change("b", "2"), change("a", "3")]);
    log.commit(300n, [change("a", "1", "update")]);
    const a = log.changesAfter(shapeKey("agent_sessions", "a"), { lsn: 100n, op: 0 }, everything);
    expect(a.changes.map((c) => [c.offset.lsn, c.offset.op, c.value.id])).toEqual([
      [200n, 0, "1"],
      [200n, 2, "3"],
      [300n, 0, "1"],
    ]);
    expect(a.more).toBe(false);
    const later = log.changesAfter(shapeKey("agent_sessions", "a"), { lsn: 200n, op: 0 }, everything);
    expect(later.changes.map((c) => c.value.id)).toEqual(["3", "1"]);
    expect(log.head).toEqual({ lsn: 300n, op: 0 });
  });

  it("stops a page where the size budget says, and says more follow", () => {
    const log = newLog();
    log.commit(200n, [change("a", "1"), change("a", "2"), change("a", "3")]);
    const page = log.changesAfter(shapeKey("agent_sessions", "a"), { lsn: 0n, op: 0 }, () => 2);
    expect(page.changes).toHaveLength(2);
    expect(page.more).toBe(true);
  });

  it("forgets the oldest changes past its byte budget, and no longer covers offsets before them", () => {
    const log = newLog(1_000);
    for (let lsn = 200n; lsn < 210n; lsn++) log.commit(lsn, [change("a", String(lsn))]);
    expect(log.size.bytes).toBeLessThanOrEqual(1_000);
    expect(log.size.changes).toBeGreaterThan(0);
    expect(log.covers({ lsn: 150n, op: 0 })).toBe(false);
    expect(log.covers(log.head)).toBe(true);
    const kept = log.changesAfter(shapeKey("agent_sessions", "a"), log.floor, everything).changes;
    expect(kept.at(-1)?.value.id).toBe("209");
    expect(kept).toHaveLength(log.size.changes);
  });

  it("forgets changes older than its age limit", () => {
    const log = newLog(1e9, 1_000);
    log.commit(200n, [change("a", "1")], 0);
    log.commit(300n, [change("a", "2")], 5_000);
    expect(log.size.changes).toBe(1);
    expect(log.floor).toEqual({ lsn: 200n, op: 0 });
  });

  it("resumes snapshots from where the stream stood a moment (200 ms) earlier", () => {
    const log = newLog();
    expect(log.resumePoint(0)).toEqual({ lsn: 100n, op: 0 });
    log.commit(200n, [change("a", "1")], 10_000);
    log.commit(300n, [change("a", "2")], 10_100);
    log.commit(400n, [change("a", "3")], 10_240);
    expect(log.resumePoint(10_250)).toEqual({ lsn: 200n, op: 0 });
    expect(log.resumePoint(10_350)).toEqual({ lsn: 300n, op: 0 });
    expect(log.resumePoint(20_000)).toEqual({ lsn: 400n, op: 0 });
  });

  it("wakes only the shapes a commit touches, and everyone when it closes", async () => {
    const log = newLog();
    const woke: string[] = [];
    void log.subscribe(shapeKey("agent_sessions", "a")).changed.then(() => woke.push("a"));
    void log.subscribe(shapeKey("agent_sessions", "b")).changed.then(() => woke.push("b"));
    log.commit(200n, [change("a", "1")]);
    await Promise.resolve();
    expect(woke).toEqual(["a"]);
    log.close();
    await Promise.resolve();
    expect(woke).toEqual(["a", "b"]);
  });
});
