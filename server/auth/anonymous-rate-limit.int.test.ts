import { describe, expect, it } from "vitest";
import { db } from "../db.ts";
import { env } from "../env.ts";
import { randomIp, TestAuthClient } from "../test/auth-client.ts";

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
});
