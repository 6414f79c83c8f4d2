import { describe, expect, it } from "vitest";
import { env } from "../env.ts";
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

  it("limits code guesses per address and client IP, so others' wrong guesses cannot lock the owner out", async () => {
    const email = `guessed-${crypto.randomUUID()}@example.com`;
    const owner = new TestAuthClient();
    await owner.request("/email-otp/send-verification-otp", { email, type: "sign-in" });
    const attacker = new TestAuthClient();
    const statuses = [];
    // More than the old per-address allowance (10): it would have locked the owner out.
    for (let i = 0; i < 11; i++) {
      statuses.push((await attacker.request("/sign-in/email-otp", { email, otp: "000000" })).status);
    }
    // The attacker's guesses used up the first code; the owner asks for another and signs in.
    await expect(owner.signInWithEmail(email)).resolves.toEqual(expect.any(String));

    expect(statuses.slice(0, 5)).not.toContain(429);
    expect(statuses.slice(5)).toEqual(Array(6).fill(429));
    const refused = await attacker.request("/sign-in/email-otp", { email, otp: "000000" });
    expect((await refused.json()).message).toMatch(
      /Too many sign-in attempts for this address from your network. Try again in [1-5] minutes?\./,
    );
  });
});

describe("per-client limits on email sign-in", () => {
  const address = () => `client-${crypto.randomUUID()}@example.com`;

  it("refuses codes past EMAIL_CODES_PER_MINUTE from one client IP, whatever the address", async () => {
    const client = new TestAuthClient();
    for (let i = 0; i < env.EMAIL_CODES_PER_MINUTE; i++) {
      const sent = await client.request("/email-otp/send-verification-otp", {
        email: address(),
        type: "sign-in",
      });
      expect(sent.status).toBe(200);
    }
    const refused = await client.request("/email-otp/send-verification-otp", {
      email: address(),
      type: "sign-in",
    });
    expect(refused.status).toBe(429);
  });

  it("refuses sign-in attempts past SIGN_IN_ATTEMPTS_PER_MINUTE from one client IP", async () => {
    const client = new TestAuthClient();
    for (let i = 0; i < env.SIGN_IN_ATTEMPTS_PER_MINUTE; i++) {
      const attempt = await client.request("/sign-in/email-otp", { email: address(), otp: "000000" });
      expect(attempt.status).not.toBe(429);
    }
    const refused = await client.request("/sign-in/email-otp", { email: address(), otp: "000000" });
    expect(refused.status).toBe(429);
    // Anonymous sign-in keeps its own allowance.
    expect((await client.request("/sign-in/anonymous", {})).status).toBe(200);
  });
});
