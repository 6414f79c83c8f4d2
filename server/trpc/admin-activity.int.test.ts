import { beforeAll, describe, expect, it } from "vitest";
import { overview } from "../admin/overview.ts";
import { db } from "../db.ts";
import type { UsageStatus } from "../generated/prisma/enums.ts";
import { countRefusal } from "../quota/refusals.ts";
import { signInAdmin, signInUser } from "../test/admin.ts";
import { TestAuthClient } from "../test/auth-client.ts";
import { createSessionWithCell } from "../test/factories.ts";

let admin: Awaited<ReturnType<typeof signInAdmin>>;
beforeAll(async () => {
  admin = await signInAdmin();
});

const DAY_MS = 86_400_000;
const utcDay = (date: Date) => date.toISOString().slice(0, 10);

function usage(
  accountId: string,
  row: { model?: string; status?: UsageStatus; charged?: number; createdAt?: Date },
) {
  return db.usageLog.create({
    data: {
      accountId,
      provider: "openai",
      model: row.model ?? "gpt-5.4-mini",
      status: row.status ?? "settled",
      charged: row.charged ?? 0,
      createdAt: row.createdAt,
    },
  });
}

describe("overview", () => {
  it("counts accounts and today's usage, charts 30 zero-filled UTC days, ranks today's top accounts", async () => {
    const before = await overview();
    const heavy = await signInUser("heavy");
    const anonymousId = await new TestAuthClient().signInAnonymously();
    const now = new Date();
    const yesterday = new Date(now.getTime() - DAY_MS);
    await usage(heavy.id, { charged: 900_000_000 });
    // A failed (refunded) request is no refusal; a 429 is counted by the gateway.
    await usage(heavy.id, { status: "failed" });
    await countRefusal(heavy.id, "quota");
    await usage(anonymousId, { status: "open" });
    await usage(heavy.id, { charged: 5, createdAt: yesterday });
    await usage(heavy.id, { charged: 7, createdAt: new Date(now.getTime() - 40 * DAY_MS) });

    const after = await admin.api.admin.overview();

    expect(after.users).toEqual({
      total: before.users.total + 2,
      anonymous: before.users.anonymous + 1,
      signedIn: before.users.signedIn + 1,
    });
    expect(after.activeToday).toBe(before.activeToday + 2);
    expect(after.tokensToday).toBe(before.tokensToday + 900_000_000);
    expect(after.refusedToday).toBe(before.refusedToday + 1);

    expect(after.daily).toHaveLength(30);
    const days = after.daily.map((d) => d.day);
    expect(days.at(-1)).toBe(utcDay(now));
    expect(days[0]).toBe(utcDay(new Date(now.getTime() - 29 * DAY_MS)));
    expect(days).toEqual([...days].sort());
    expect(new Set(days).size).toBe(30);
    expect(after.daily.at(-1)).toEqual({
      day: utcDay(now),
      tokens: after.tokensToday,
      requests: (before.daily.at(-1)?.requests ?? 0) + 3,
    });
    const [yesterdayBefore, yesterdayAfter] = [before, after].map((o) =>
      o.daily.find((d) => d.day === utcDay(yesterday)),
    );
    expect(yesterdayAfter).toEqual({
      day: utcDay(yesterday),
      tokens: (yesterdayBefore?.tokens ?? 0) + 5,
      requests: (yesterdayBefore?.requests ?? 0) + 1,
    });
    // Only this test writes usage on past days: the others of the 30 are zero-filled.
    const quiet = after.daily.slice(0, -2);
    expect(quiet.every((d) => d.tokens === 0 && d.requests === 0)).toBe(true);

    expect(after.topAccounts[0]).toEqual({
      accountId: heavy.id,
      email: heavy.email,
      name: expect.any(String),
      isAnonymous: false,
      tokens: 900_000_000,
    });
    expect(after.topAccounts.length).toBeLessThanOrEqual(10);
    expect(after.topAccounts.map((a) => a.accountId)).not.toContain(anonymousId);
  });
});

describe("activity", () => {
  it("filters by account, model, status and an inclusive date range, newest first, in pages", async () => {
    const owner = await signInUser("active");
    const other = await signInUser("other");
    const r1 = await usage(owner.id, { createdAt: new Date("2020-03-01T10:00:00Z") });
    const r2 = await usage(owner.id, {
      model: "claude-haiku-5-5",
      status: "failed",
      createdAt: new Date("2020-03-02T10:00:00Z"),
    });
    const r3 = await usage(owner.id, { status: "aborted", createdAt: new Date("2020-03-03T23:30:00Z") });
    await usage(other.id, { createdAt: new Date("2020-03-02T10:00:00Z") });

    const ids = async (filter: Record<string, unknown>) => {
      const page = await admin.api.admin.activity.list({ accountId: owner.id, page: 1, ...filter });
      return page.items.map((item) => item.id);
    };
    expect(await ids({})).toEqual([r3.id, r2.id, r1.id]);
    expect(await ids({ model: "gpt-5.4-mini" })).toEqual([r3.id, r1.id]);
    expect(await ids({ status: "failed" })).toEqual([r2.id]);
    expect(await ids({ from: "2020-03-02", to: "2020-03-03" })).toEqual([r3.id, r2.id]);
    expect(await ids({ to: new Date("2020-03-02T10:00:00Z") })).toEqual([r2.id, r1.id]);
    expect(await ids({ from: new Date("2020-03-04T00:00:00Z") })).toEqual([]);

    const second = await admin.api.admin.activity.list({ accountId: owner.id, page: 2, pageSize: 2 });
    expect(second).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(second.items.map((item) => item.id)).toEqual([r1.id]);
    expect(second.items[0]).toMatchObject({
      accountId: owner.id,
      email: owner.email,
      provider: "openai",
      model: "gpt-5.4-mini",
      status: "settled",
      sessionId: null,
    });

    await expect(
      admin.api.admin.activity.list({ page: 1, status: "refused" as "failed" }),
    ).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(admin.api.admin.activity.list({ page: 1, from: "yesterday" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});

describe("agent sessions", () => {
  it("lists sessions with their message and cell counts, by account, title or id", async () => {
    const owner = await signInUser("analyst");
    const { session } = await createSessionWithCell(owner.id, "Penguin bills");
    const byAccount = await admin.api.admin.agent.sessions({ accountId: owner.id, page: 1 });
    expect(byAccount.items).toEqual([
      {
        id: session.id,
        accountId: owner.id,
        email: owner.email,
        title: "Penguin bills",
        model: null,
        createdAt: session.createdAt,
        updatedAt: session.updatedAt,
        messages: 1,
        cells: 1,
      },
    ]);
    const byTitle = await admin.api.admin.agent.sessions({ query: "PENGUIN BILLS", page: 1 });
    expect(byTitle.items.map((s) => s.id)).toContain(session.id);
    const byId = await admin.api.admin.agent.sessions({ query: session.id, page: 1 });
    expect(byId.items.map((s) => s.id)).toEqual([session.id]);
  });

  it("shows a session's transcript with its cells", async () => {
    const owner = await signInUser("transcript");
    const { session, message, cell } = await createSessionWithCell(owner.id, "Iris");
    const transcript = await admin.api.admin.agent.transcript({ sessionId: session.id });
    expect(transcript.session).toMatchObject({ id: session.id, accountId: owner.id, email: owner.email });
    expect(transcript.messages).toEqual([
      {
        id: message.id,
        role: "assistant",
        content: "Let me look.",
        toolCallId: null,
        seq: 1,
        createdAt: message.createdAt,
      },
    ]);
    expect(transcript.cells).toEqual([
      {
        id: cell.id,
        messageId: message.id,
        callId: "call_1",
        name: "python_run",
        proposedCode: "print(sum(range(10)))",
        executedCode: null,
        status: "pending",
        stdout: null,
        stderr: null,
        outputs: null,
        createdAt: cell.createdAt,
        completedAt: null,
      },
    ]);
    await expect(admin.api.admin.agent.transcript({ sessionId: crypto.randomUUID() })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(admin.api.admin.agent.transcript({ sessionId: "nope" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });
});
