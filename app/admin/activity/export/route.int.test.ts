import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#server/db.ts";
import { signInAdmin, signInUser } from "#server/test/admin.ts";
import { TestAuthClient } from "#server/test/auth-client.ts";
import { GET } from "./route.ts";

const HEADER =
  "id,created_at,settled_at,account_id,email,session_id,key_id,provider,model,status,reserved,prompt_tokens,completion_tokens,charged,ttft_ms,latency_ms,error";

const exportAs = (client: TestAuthClient, query = "") =>
  GET(new Request(`http://localhost:3000/admin/activity/export${query}`, { headers: client.headers() }));

let admin: Awaited<ReturnType<typeof signInAdmin>>;
beforeAll(async () => {
  admin = await signInAdmin();
});

describe("GET /admin/activity/export", () => {
  it("is a 404 with no data for anyone but an admin", async () => {
    const anonymous = new TestAuthClient();
    await anonymous.signInAnonymously();
    const ordinary = await signInUser();
    const banned = await signInAdmin();
    await db.user.update({ where: { id: banned.id }, data: { banned: true } });

    for (const client of [new TestAuthClient(), anonymous, ordinary.client, banned.client]) {
      const response = await exportAs(client);
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({ error: "Not found." });
    }
    expect((await exportAs(admin.client)).status).toBe(200);
  });

  it("answers the filtered rows as an attachment, every field escaped", async () => {
    const owner = await signInUser("exported");
    const at = new Date("2021-05-01T12:00:00Z");
    const tricky = await db.usageLog.create({
      data: {
        accountId: owner.id,
        provider: "anthropic",
        model: "claude-haiku-5-5",
        status: "failed",
        reserved: 100,
        error: 'Upstream said "no", then\r\nclosed',
        createdAt: at,
        settledAt: at,
        latencyMs: 12,
      },
    });
    const formula = await db.usageLog.create({
      data: {
        accountId: owner.id,
        provider: "openai",
        model: "gpt-5.4-mini",
        status: "failed",
        error: "=HYPERLINK(1)",
        createdAt: new Date(at.getTime() + 1000),
      },
    });
    await db.usageLog.create({
      data: {
        accountId: owner.id,
        provider: "openai",
        model: "gpt-5.4-mini",
        status: "settled",
        createdAt: at,
      },
    });

    const response = await exportAs(
      admin.client,
      `?accountId=${owner.id}&status=failed&model=&to=2021-05-01`,
    );

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="ada-activity-${new Date().toISOString().slice(0, 10)}.csv"`,
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.text()).toBe(
      [
        HEADER,
        `${formula.id},2021-05-01T12:00:01.000Z,,${owner.id},${owner.email},,,openai,gpt-5.4-mini,failed,0,0,0,0,,,'=HYPERLINK(1)`,
        `${tricky.id},2021-05-01T12:00:00.000Z,2021-05-01T12:00:00.000Z,${owner.id},${owner.email},,,anthropic,claude-haiku-5-5,failed,100,0,0,0,,12,"Upstream said ""no"", then\r\nclosed"`,
        "",
      ].join("\r\n"),
    );
  });

  it("streams every row of a large export once, across batches and equal timestamps", async () => {
    const owner = await signInUser("bulk");
    const at = new Date("2021-06-01T00:00:00Z");
    const count = 2_345;
    await db.usageLog.createMany({
      data: Array.from({ length: count }, (_, i) => ({
        accountId: owner.id,
        provider: "openai",
        model: "gpt-5.4-mini",
        status: "settled" as const,
        charged: i,
        // Many rows share a timestamp: batches must continue by id, not skip or repeat.
        createdAt: new Date(at.getTime() + (i % 7) * 1000),
      })),
    });
    const lines = (await (await exportAs(admin.client, `?accountId=${owner.id}`)).text()).split("\r\n");
    expect(lines[0]).toBe(HEADER);
    expect(lines.at(-1)).toBe("");
    const rows = lines.slice(1, -1);
    expect(rows).toHaveLength(count);
    const charged = rows.map((row) => Number(row.split(",")[13]));
    expect(new Set(charged).size).toBe(count);
    const created = rows.map((row) => row.split(",")[1] ?? "");
    expect(created).toEqual([...created].sort().reverse());
  });

  it("answers 400 with the issues for a bad filter", async () => {
    const response = await exportAs(admin.client, "?status=refused&from=soon");
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error).toBe("Invalid filter.");
    expect(Object.keys(body.issues).sort()).toEqual(["from", "status"]);
  });
});
