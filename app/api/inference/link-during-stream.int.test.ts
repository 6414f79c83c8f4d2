import { describe, expect, it } from "vitest";
import { readDevMailbox } from "#server/auth/dev-mailbox.ts";
import { db } from "#server/db.ts";
import { TestAuthClient } from "#server/test/auth-client.ts";
import { eventually } from "../../_test/gateway-helpers.ts";
import { APP_ORIGIN, routeFetch } from "../../_test/route-fetch.ts";

describe("signing in while a gateway request streams", () => {
  it("keeps the request's usage row, charge and answer, now on the signed-in account", async () => {
    const visitor = new TestAuthClient();
    const anonymousId = await visitor.signInAnonymously();
    const script = { text: "abcde".repeat(20), chunkDelayMs: 20, usage: { prompt: 30, completion: 20 } };
    const headers = visitor.headers();
    headers.set("content-type", "application/json");
    const response = await routeFetch(`${APP_ORIGIN}/api/inference`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        model: "gpt-5.4-mini",
        stream: true,
        messages: [{ role: "user", content: `Describe the data FAKE:${JSON.stringify(script)}` }],
      }),
    });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();

    // The sign-in (and the move of every row) happens mid-stream.
    const email = `mid-stream-${crypto.randomUUID()}@example.com`;
    await visitor.request("/email-otp/send-verification-otp", { email, type: "sign-in" });
    const signedIn = await visitor.request("/sign-in/email-otp", {
      email,
      otp: (await readDevMailbox(email))?.code,
    });
    expect(signedIn.status).toBe(200);
    while (!(await reader.read()).done);

    const user = await db.user.findUniqueOrThrow({ where: { email } });
    const rows = await eventually(
      () => db.usageLog.findMany({ where: { accountId: user.id } }),
      (r) => r.length === 1 && r[0]?.status === "settled",
    );
    expect(rows[0]).toMatchObject({ status: "settled", promptTokens: 30, completionTokens: 20, charged: 50 });
    expect(await db.usageLog.count({ where: { accountId: anonymousId } })).toBe(0);
    const messages = await db.agentMessage.findMany({
      where: { accountId: user.id },
      orderBy: { seq: "asc" },
    });
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant"]);
    expect(await db.quotaBucket.findUniqueOrThrow({ where: { accountId: user.id } })).toMatchObject({
      tier: "free",
      usedTokens: 50,
      openStreams: 0,
    });
  });
});
