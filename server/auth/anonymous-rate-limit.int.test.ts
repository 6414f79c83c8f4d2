import { describe, expect, it } from "vitest";
import { db } from "../db.ts";
import { env } from "../env.ts";
import { randomIp, TestAuthClient } from "../test/auth-client.ts";
import { CLIENT_ADDRESS_HEADER } from "./client-address.ts";
import { handleAuthRequest } from "./handler.ts";

const signInAnonymously = (headers: Headers) =>
  handleAuthRequest(
    new Request("http://localhost:3000/api/auth/sign-in/anonymous", {
      method: "POST",
      headers: { ...Object.fromEntries(headers), "content-type": "application/json" },
      body: "{}",
    }),
  );

describe("anonymous sign-in rate limit", () => {
  it("refuses an IP past its hourly allowance with 429, in the shared database store", async () => {
    const ip = randomIp();
    for (let i = 0; i < env.ANON_SIGNINS_PER_HOUR; i++) {
      const response = await new TestAuthClient(ip).request("/sign-in/anonymous", {});
      expect(response.status).toBe(200);
    }
    const refused = await new TestAuthClient(ip).request("/sign-in/anonymous", {});
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("x-retry-after"))).toBeGreaterThan(0);

    const counters = await db.rateLimit.findMany({ where: { key: { contains: ip } } });
    expect(counters.length).toBeGreaterThan(0);

    // Other visitors are unaffected.
    expect((await new TestAuthClient().request("/sign-in/anonymous", {})).status).toBe(200);
  });

  it("counts a client by its connection: a forged X-Forwarded-For does not open a new allowance", async () => {
    const client = new TestAuthClient();
    const statuses = [];
    for (let i = 0; i <= env.ANON_SIGNINS_PER_HOUR; i++) {
      const headers = client.headers();
      headers.set("x-forwarded-for", randomIp());
      statuses.push((await signInAnonymously(headers)).status);
    }
    expect(statuses.slice(0, -1).every((status) => status === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it("refuses a request without an address, writing nothing, rather than sharing one bucket", async () => {
    const users = await db.user.count();
    const headers = new TestAuthClient().headers();
    headers.delete(CLIENT_ADDRESS_HEADER);
    // A request the server accepted before its hook was installed carries the client's own header.
    const forged = new Headers(headers);
    forged.set(CLIENT_ADDRESS_HEADER, `0123456789abcdef 198.51.100.1`);
    for (const unstamped of [headers, forged]) {
      const response = await signInAnonymously(unstamped);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        code: "CLIENT_ADDRESS_UNKNOWN",
        message: expect.stringMatching(/network address could not be determined/),
      });
    }
    expect(await db.user.count()).toBe(users);
  });
});
