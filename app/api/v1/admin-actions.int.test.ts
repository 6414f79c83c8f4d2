import { APIError } from "openai";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "#server/db.ts";
import { signInAdmin } from "#server/test/admin.ts";
import { newAccount, openaiClient } from "../../_test/gateway-helpers.ts";

let admin: Awaited<ReturnType<typeof signInAdmin>>;
beforeAll(async () => {
  admin = await signInAdmin();
});

/** One small request with the key: "ok", or the error's status and code. */
async function ask(key: string) {
  try {
    await openaiClient(key).chat.completions.create({
      model: "gpt-5.4-mini",
      messages: [{ role: "user", content: "hi" }],
      max_tokens: 300,
    });
    return "ok";
  } catch (error) {
    if (error instanceof APIError) return `${error.status} ${error.code}`;
    throw error;
  }
}

describe("admin actions take effect at the gateway on the next request", () => {
  it("a ban refuses the account's key, an unban lets it back", async () => {
    const account = await newAccount();
    expect(await ask(account.key)).toBe("ok");
    await admin.api.admin.users.ban({ id: account.accountId, reason: "abuse" });
    expect(await ask(account.key)).toBe("403 account_banned");
    await admin.api.admin.users.unban({ id: account.accountId });
    expect(await ask(account.key)).toBe("ok");
  });

  it("a revoked key stops at once, though this instance remembered it", async () => {
    const account = await newAccount();
    expect(await ask(account.key)).toBe("ok");
    await admin.api.admin.keys.revoke({ id: account.keyId });
    expect(await ask(account.key)).toBe("401 invalid_api_key");
  });

  it("a spent or lowered limit refuses; a reset or a higher tier allows again", async () => {
    const account = await newAccount();
    expect(await ask(account.key)).toBe("ok");
    await admin.api.admin.quota.update({ accountId: account.accountId, limitTokens: 1000 });
    // A day's use, leaving less than the 256 tokens a useful answer needs.
    await db.quotaBucket.update({ where: { accountId: account.accountId }, data: { usedTokens: 900 } });
    expect(await ask(account.key)).toBe("429 insufficient_quota");
    await admin.api.admin.quota.reset({ accountId: account.accountId });
    expect(await ask(account.key)).toBe("ok");
    await admin.api.admin.quota.update({ accountId: account.accountId, limitTokens: 100 });
    expect(await ask(account.key)).toBe("429 insufficient_quota");
    await admin.api.admin.quota.update({ accountId: account.accountId, tier: "pro" });
    expect(await ask(account.key)).toBe("ok");
  });
});
