import { describe, expect, it } from "vitest";
import { TestAuthClient } from "../test/auth-client.ts";

describe("per-address limits on email codes", () => {
  it("stops sending codes to one address after 5 in the window, whatever the client's IP", async () => {
    const email = `limited-${crypto.randomUUID()}@example.com`;
    for (let i = 0; i < 5; i++) {
      const sent = await new TestAuthClient().request("/email-otp/send-verification-otp", {
        email,
        type: "sign-in",
      });
      expect(sent.status).toBe(200);
    }
    const refused = await new TestAuthClient().request("/email-otp/send-verification-otp", {
      email,
      type: "sign-in",
    });
    expect(refused.status).toBe(429);
    expect((await refused.json()).message).toMatch(
      /Too many codes sent to this address. Try again in \d+ minutes?/,
    );
    // Another address is unaffected.
    const other = `other-${crypto.randomUUID()}@example.com`;
    expect(
      (
        await new TestAuthClient().request("/email-otp/send-verification-otp", {
          email: other,
          type: "sign-in",
        })
      ).status,
    ).toBe(200);
  });

  it("stops code guesses for one address after 10 in the window", async () => {
    const email = `guessed-${crypto.randomUUID()}@example.com`;
    await new TestAuthClient().request("/email-otp/send-verification-otp", { email, type: "sign-in" });
    for (let i = 0; i < 10; i++) {
      const guess = await new TestAuthClient().request("/sign-in/email-otp", { email, otp: "000000" });
      expect(guess.status).not.toBe(429);
    }
    const refused = await new TestAuthClient().request("/sign-in/email-otp", { email, otp: "000000" });
    expect(refused.status).toBe(429);
  });
});
