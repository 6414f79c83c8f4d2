import { expect, test } from "@playwright/test";

// The production server counts a direct client by its connection (server/auth/client-address.ts):
// with no TRUSTED_PROXIES, an X-Forwarded-For the client makes up changes nothing.
test("a forged X-Forwarded-For does not give a client a new allowance", async ({ request, baseURL }) => {
  const email = `guessed-${Date.now()}@example.com`;
  const guess = (forwardedFor: string) =>
    request.post("/api/auth/sign-in/email-otp", {
      headers: { origin: baseURL as string, "x-forwarded-for": forwardedFor },
      data: { email, otp: "000000" },
    });
  // Five code guesses per address and client (server/auth/address-limit.ts), each "from" elsewhere.
  for (let i = 1; i <= 5; i++) {
    expect((await guess(`198.51.100.${i}`)).status()).not.toBe(429);
  }
  const sixth = await guess("198.51.100.6");
  expect(sixth.status()).toBe(429);
  expect((await sixth.json()).message).toMatch(
    /Too many sign-in attempts for this address from your network/,
  );
});
