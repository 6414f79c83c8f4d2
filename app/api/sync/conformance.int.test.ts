import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "#server/db.ts";
import { changeLog } from "#server/sync/embedded/replication.ts";
import { TestAuthClient } from "#server/test/auth-client.ts";
import { shapeFor, until } from "../../_test/sync-helpers.ts";

type Bucket = { id: string; account_id: string; tier: string; limit_tokens: number; used_tokens: number };
type Session = { id: string; account_id: string; title: string };

async function account() {
  const auth = new TestAuthClient();
  const id = await auth.signInAnonymously();
  return { auth, id };
}

describe("the real Electric client against /api/sync (embedded shape endpoint)", () => {
  // The client warns (rather than fails) on protocol slips such as a reused handle after a 409.
  const warnings: unknown[][] = [];
  beforeEach(() => {
    warnings.length = 0;
    vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
      warnings.push(args);
    });
  });
  afterEach(() => {
    const electricWarnings = warnings.filter((args) => String(args[0]).includes("[Electric]"));
    vi.restoreAllMocks();
    expect(electricWarnings).toEqual([]);
  });

  it("receives the initial rows with their types, and reaches up-to-date", async () => {
    const { auth, id } = await account();
    const { shape, stream, errors, stop } = shapeFor<Bucket>(auth, "quota_buckets");
    const rows = await until(shape, (r) => r.length === 1);
    expect(rows[0]).toMatchObject({ account_id: id, tier: "anon", limit_tokens: 20_000, used_tokens: 0 });
    expect(Object.keys(rows[0] ?? {}).sort()).toEqual(
      [
        "account_id",
        "id",
        "limit_tokens",
        "period",
        "tier",
        "updated_at",
        "used_tokens",
        "window_start",
      ].sort(),
    );
    expect(shape.isUpToDate).toBe(true);
    expect(stream.shapeHandle).toMatch(/^[0-9a-f]{20}-\d+$/);
    expect(stream.lastOffset).toMatch(/^\d+_\d+$/);
    expect(errors).toEqual([]);
    stop();
  });

  it("delivers live inserts, updates and deletes", async () => {
    const { auth, id } = await account();
    const { shape, errors, stop } = shapeFor<Session>(auth, "agent_sessions");
    await until(shape, (r) => r.length === 0);

    const created = await db.agentSession.create({ data: { accountId: id, title: "First" } });
    await until(shape, (r) => r.length === 1 && r[0]?.title === "First");
    await db.agentSession.update({ where: { id: created.id }, data: { title: "Renamed" } });
    await until(shape, (r) => r[0]?.title === "Renamed");
    await db.agentSession.delete({ where: { id: created.id } });
    await until(shape, (r) => r.length === 0);
    expect(errors).toEqual([]);
    stop();
  });

  it("stays up to date across an idle long-poll (the hold ends with a lone up-to-date)", async () => {
    const { auth, id } = await account();
    const { shape, stream, errors, stop } = shapeFor<Bucket>(auth, "quota_buckets");
    await until(shape, (r) => r.length === 1);
    const offset = stream.lastOffset;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(shape.isUpToDate).toBe(true);
    expect(errors).toEqual([]);
    await db.quotaBucket.update({ where: { accountId: id }, data: { usedTokens: 42 } });
    await until(shape, (r) => r[0]?.used_tokens === 42);
    expect(stream.lastOffset).not.toBe(offset);
    stop();
  });

  it("answers a handle that is not this shape's with 409, and the client refetches", async () => {
    const a = await account();
    const b = await account();
    const first = shapeFor<Bucket>(a.auth, "quota_buckets");
    await until(first.shape, (r) => r.length === 1);
    const { shapeHandle, lastOffset } = first.stream;
    first.stop();

    // B presents A's handle and offset: B must be sent back to the start of B's own shape.
    const other = shapeFor<Bucket>(b.auth, "quota_buckets", {
      handle: shapeHandle,
      offset: lastOffset as `${number}_${number}`,
    });
    const rows = await until(other.shape, (r) => r.length === 1);
    expect(rows[0]?.account_id).toBe(b.id);
    expect(other.stream.shapeHandle).not.toBe(shapeHandle);
    expect(other.errors).toEqual([]);
    other.stop();
  });

  it("sends a client whose offset fell out of the retained log back to a fresh snapshot", async () => {
    const { auth, id } = await account();
    const first = shapeFor<Bucket>(auth, "quota_buckets");
    await until(first.shape, (r) => r.length === 1);
    const { shapeHandle, lastOffset } = first.stream;
    first.stop();

    await db.quotaBucket.update({ where: { accountId: id }, data: { usedTokens: 7 } });
    const log = await changeLog();
    await vi.waitFor(() => expect(log.size.changes).toBeGreaterThan(0));
    log.evict(Date.now(), 0);
    expect(log.size.changes).toBe(0);

    const resumed = shapeFor<Bucket>(auth, "quota_buckets", {
      handle: shapeHandle,
      offset: lastOffset as `${number}_${number}`,
    });
    const rows = await until(resumed.shape, (r) => r[0]?.used_tokens === 7);
    expect(rows).toHaveLength(1);
    expect(resumed.errors).toEqual([]);
    resumed.stop();
  });
});
