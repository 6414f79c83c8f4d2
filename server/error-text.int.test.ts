import { describe, expect, it } from "vitest";
import { db } from "./db.ts";
import { env } from "./env.ts";
import { MAX_ERROR_TEXT } from "./error-text.ts";
import { settle } from "./quota/reservations.ts";
import { TestAuthClient } from "./test/auth-client.ts";

describe("a provider's error text in usage_log (stored, and synced to the browser)", () => {
  it("keeps no secret, no NUL and at most MAX_ERROR_TEXT characters", async () => {
    const accountId = await new TestAuthClient().signInAnonymously();
    const row = await db.usageLog.create({ data: { accountId, provider: "openai", model: "gpt-5.4-mini" } });
    const key = env.OPENAI_API_KEY ?? "";
    expect(key.length).toBeGreaterThan(8);
    await settle(db, {
      usageLogId: row.id,
      reserved: 0,
      charged: 0,
      status: "failed",
      promptTokens: 0,
      completionTokens: 0,
      ttftMs: null,
      latencyMs: 1,
      error: `401 Incorrect API key provided: ${key}.\u0000 ${"More detail. ".repeat(1_000)}`,
    });
    const { error } = await db.usageLog.findUniqueOrThrow({ where: { id: row.id }, select: { error: true } });
    expect(error).toMatch(/^401 Incorrect API key provided: \[redacted\]\. More detail/);
    expect(error).not.toContain(key);
    expect(error?.length).toBeLessThanOrEqual(MAX_ERROR_TEXT);
  });
});
