import { describe, expect, it } from "vitest";
import { db } from "#server/db.ts";
import { TestAuthClient } from "#server/test/auth-client.ts";
import { APP_ORIGIN, routeFetch } from "../../_test/route-fetch.ts";

async function account() {
  const auth = new TestAuthClient();
  const id = await auth.signInAnonymously();
  await db.agentSession.create({ data: { accountId: id, title: `secret of ${id}` } });
  return { auth, id };
}

const get = (auth: TestAuthClient | null, path: string) =>
  routeFetch(`${APP_ORIGIN}${path}`, { headers: auth ? auth.headers() : {} });

describe("/api/sync security", () => {
  it("never gives account B account A's rows, whatever B sends", async () => {
    const a = await account();
    const b = await account();
    const attacks = [
      `where=${encodeURIComponent("1=1")}`,
      `where=${encodeURIComponent(`"account_id" = '${a.id}'`)}`,
      `params[1]=${a.id}`,
      `params%5B1%5D=${a.id}`,
      `table=user&columns=id,email`,
      `columns=${encodeURIComponent("id,account_id,title")}&replica=full`,
      `subset__where=${encodeURIComponent("true")}&subset__params=${encodeURIComponent(JSON.stringify([a.id]))}`,
      `where=${encodeURIComponent(`"account_id" = $1 OR 1=1 --`)}`,
      `params[1]=${encodeURIComponent(`${b.id}' OR '1'='1`)}`,
    ];
    for (const attack of attacks) {
      const response = await get(b.auth, `/api/sync/agent_sessions?offset=-1&${attack}`);
      expect(response.status, attack).toBe(200);
      const messages = (await response.json()) as { value?: { account_id: string; title: string } }[];
      const rows = messages.flatMap((m) => (m.value ? [m.value] : []));
      expect(rows.length, attack).toBe(1);
      expect(
        rows.every((row) => row.account_id === b.id),
        attack,
      ).toBe(true);
      expect(JSON.stringify(messages), attack).not.toContain(a.id);
    }
  });

  it("refuses without a session (401), for a table outside the list (404), and a banned user (403)", async () => {
    const a = await account();
    expect((await get(null, "/api/sync/quota_buckets?offset=-1")).status).toBe(401);
    for (const table of ["user", "session", "virtual_keys", "sync_changes", "account", "..%2Fuser"]) {
      expect((await get(a.auth, `/api/sync/${table}?offset=-1`)).status, table).toBe(404);
    }
    await db.user.update({ where: { id: a.id }, data: { banned: true } });
    expect((await get(a.auth, "/api/sync/quota_buckets?offset=-1")).status).toBe(403);
  });

  it("keeps responses out of every cache, the browser's too, and keeps every electric header", async () => {
    const a = await account();
    const response = await get(a.auth, "/api/sync/quota_buckets?offset=-1");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("vary")).toMatch(/cookie/i);
    expect(response.headers.get("content-encoding")).toBeNull();
    for (const header of ["electric-handle", "electric-offset", "electric-schema", "electric-up-to-date"]) {
      expect(response.headers.has(header), header).toBe(true);
    }
  });
});
