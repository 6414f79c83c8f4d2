import { type Row, Shape, ShapeStream } from "@electric-sql/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "#server/db.ts";
import { TestAuthClient } from "#server/test/auth-client.ts";
import { APP_ORIGIN, routeFetch } from "../../_test/route-fetch.ts";
import { until } from "../../_test/sync-helpers.ts";

type SessionRow = { id: string; title: string };
type MessageRow = { id: string; content: string };
type Reply = { offset: string; status: number; bytes: number; inserts: number; upToDate: boolean };

async function account() {
  const auth = new TestAuthClient();
  return { auth, id: await auth.signInAnonymously() };
}

/**
 * The real Electric client on `table`, recording every response it gets; `afterReply` runs once
 * a reply has been read, before the client sees it (to change the database between pages).
 */
function recordedShape<T extends Row>(
  auth: TestAuthClient,
  table: string,
  afterReply?: (reply: Reply) => Promise<void>,
) {
  const replies: Reply[] = [];
  const errors: Error[] = [];
  const controller = new AbortController();
  const stream = new ShapeStream<T>({
    url: `${APP_ORIGIN}/api/sync/${table}`,
    headers: Object.fromEntries(auth.headers()),
    signal: controller.signal,
    onError: (error) => {
      errors.push(error);
    },
    fetchClient: async (input, init) => {
      const response = await routeFetch(input, init);
      const text = await response.text();
      const messages = response.ok ? (JSON.parse(text) as { headers: Record<string, unknown> }[]) : [];
      const reply = {
        offset: new URL(String(input)).searchParams.get("offset") ?? "",
        status: response.status,
        bytes: Buffer.byteLength(text),
        inserts: messages.filter((m) => m.headers.operation === "insert").length,
        upToDate: messages.some((m) => m.headers.control === "up-to-date"),
      };
      replies.push(reply);
      await afterReply?.(reply);
      return new Response(text, { status: response.status, headers: response.headers });
    },
  });
  return { shape: new Shape(stream), replies, errors, stop: () => controller.abort() };
}

/** The snapshot's replies: from offset -1 up to and including the first that is up to date. */
const snapshotReplies = (replies: Reply[]) =>
  replies.slice(0, replies.findIndex((reply) => reply.upToDate) + 1);

describe("the embedded shape endpoint pages its initial snapshot", () => {
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

  it("sends more rows than one page in pages of at most 1,000, and the client gets them all", async () => {
    const { auth, id } = await account();
    const titles = Array.from({ length: 2_500 }, (_, i) => `analysis ${i}`);
    await db.agentSession.createMany({ data: titles.map((title) => ({ accountId: id, title })) });

    const { shape, replies, errors, stop } = recordedShape<SessionRow>(auth, "agent_sessions");
    const rows = await until(shape, (r) => r.length === 2_500, 15_000);
    expect(rows.map((row) => row.title).sort()).toEqual([...titles].sort());
    const pages = snapshotReplies(replies);
    expect(pages.length).toBe(3);
    expect(pages.map((page) => page.inserts)).toEqual([1_000, 1_000, 500]);
    expect(pages.every((page) => page.status === 200)).toBe(true);
    expect(pages.slice(0, -1).every((page) => !page.upToDate)).toBe(true);

    // Live changes follow the paged snapshot.
    await db.agentSession.create({ data: { accountId: id, title: "after the snapshot" } });
    await until(shape, (r) => r.some((row) => row.title === "after the snapshot"));
    expect(errors).toEqual([]);
    stop();
  });

  it("cuts pages by size: rows of megabytes come a few at a time", async () => {
    const { auth, id } = await account();
    const session = await db.agentSession.create({ data: { accountId: id, title: "Big" } });
    const content = "x".repeat(1_500_000);
    await db.agentMessage.createMany({
      data: Array.from({ length: 8 }, (_, i) => ({
        sessionId: session.id,
        accountId: id,
        role: "user" as const,
        content,
        seq: i + 1,
        storedBytes: content.length,
      })),
    });

    const { shape, replies, errors, stop } = recordedShape<MessageRow>(auth, "agent_messages");
    await until(
      shape,
      (r) => r.length === 8 && r.every((row) => row.content.length === content.length),
      15_000,
    );
    const pages = snapshotReplies(replies);
    // 4 MB a page: two 1.5 MB rows, then the third would pass it.
    expect(pages.map((page) => page.inserts)).toEqual([2, 2, 2, 2]);
    expect(Math.max(...pages.map((page) => page.bytes))).toBeLessThan(3_100_000);
    expect(errors).toEqual([]);
    stop();
  });

  it("ends where the database is when rows change between pages", async () => {
    const { auth, id } = await account();
    await db.agentSession.createMany({
      data: Array.from({ length: 1_500 }, (_, i) => ({ accountId: id, title: `analysis ${i}` })),
    });
    const all = await db.agentSession.findMany({ where: { accountId: id }, orderBy: { id: "asc" } });
    const [first, last] = [all[0], all.at(-1)];
    let changed = false;
    const { shape, errors, stop } = recordedShape<SessionRow>(auth, "agent_sessions", async (reply) => {
      if (changed || reply.offset !== "-1") return;
      changed = true;
      // After the first page: a row it sent changes, a row of a later page goes, and a row sorts
      // before everything already sent.
      await db.agentSession.update({ where: { id: first?.id }, data: { title: "renamed" } });
      await db.agentSession.delete({ where: { id: last?.id } });
      await db.agentSession.create({
        data: { id: "00000000-0000-4000-8000-000000000000", accountId: id, title: "early" },
      });
    });
    const rows = await until(
      shape,
      (r) =>
        r.length === 1_500 &&
        r.some((row) => row.title === "renamed") &&
        r.some((row) => row.title === "early") &&
        !r.some((row) => row.id === last?.id),
      15_000,
    );
    const stored = await db.agentSession.findMany({
      where: { accountId: id },
      select: { id: true, title: true },
    });
    expect(rows.map((row) => `${row.id} ${row.title}`).sort()).toEqual(
      stored.map((row) => `${row.id} ${row.title}`).sort(),
    );
    expect(errors).toEqual([]);
    stop();
  });

  it("catches up on changes in pages of the same size", async () => {
    const { auth, id } = await account();
    const get = (query: string) =>
      routeFetch(`${APP_ORIGIN}/api/sync/agent_messages?${query}`, { headers: auth.headers() });
    const start = await get("offset=-1");
    const handle = start.headers.get("electric-handle") ?? "";
    let offset = start.headers.get("electric-offset") ?? "";
    await start.text();

    const session = await db.agentSession.create({ data: { accountId: id, title: "Big" } });
    const content = "y".repeat(1_500_000);
    for (let seq = 1; seq <= 6; seq++) {
      await db.agentMessage.create({
        data: {
          sessionId: session.id,
          accountId: id,
          role: "user",
          content,
          seq,
          storedBytes: content.length,
        },
      });
    }
    const inserts: number[] = [];
    for (let upToDate = false; !upToDate; ) {
      const response = await get(`offset=${offset}&handle=${handle}`);
      const messages = (await response.json()) as { headers: Record<string, unknown> }[];
      inserts.push(messages.filter((m) => m.headers.operation === "insert").length);
      upToDate = response.headers.has("electric-up-to-date");
      offset = response.headers.get("electric-offset") ?? "";
    }
    expect(inserts).toEqual([2, 2, 2]);
  });

  it("answers a malformed or out-of-range offset with 400, and a forged handle with 409", async () => {
    const { auth } = await account();
    const first = await routeFetch(`${APP_ORIGIN}/api/sync/agent_sessions?offset=-1`, {
      headers: auth.headers(),
    });
    const handle = first.headers.get("electric-handle") ?? "";
    const get = (query: string) =>
      routeFetch(`${APP_ORIGIN}/api/sync/agent_sessions?${query}`, { headers: auth.headers() });
    for (const offset of [
      "abc",
      "1_2_3",
      "18446744073709551616_0",
      "5_9223372036854775808",
      `0_${"9".repeat(58)}`,
      "0_12",
      "01_2",
    ]) {
      const response = await get(`offset=${offset}&handle=${handle}`);
      expect(response.status, offset).toBe(400);
    }
    const forged = await get(`offset=5_0&handle=${encodeURIComponent(`${handle.split("-")[0]}-1\r\nx: y`)}`);
    expect(forged.status).toBe(409);
  });
});
