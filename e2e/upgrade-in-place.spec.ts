import { expect, test } from "@playwright/test";

test("signing in keeps the anonymous account's usage; signing out starts a new anonymous one", async ({
  page,
  playwright,
  baseURL,
}) => {
  await page.goto("/");
  const badge = page.getByTestId("account-badge");
  await expect(badge).toContainText("Anonymous");
  const anonymousId = (await (await page.request.get("/api/trpc/account.me")).json()).result.data.json.user
    .id;

  // Some usage on the anonymous account, spent by another client with the account's key.
  const created = await page.request.post("/api/trpc/keys.create", { data: { json: { name: "e2e" } } });
  const key = (await created.json()).result.data.json.key as string;
  const other = await playwright.request.newContext({ baseURL });
  const answer = await other.post("/api/v1/chat/completions", {
    headers: { authorization: `Bearer ${key}` },
    data: { model: "gpt-5.4-mini", messages: [{ role: "user", content: "hi" }] },
  });
  const used = String((await answer.json()).usage.total_tokens);
  await other.dispose();
  await expect(page.getByTestId("quota-used")).toHaveText(used);

  // Sign in with an emailed code (read from the dev mailbox), from the badge.
  const email = `e2e-${Date.now()}@example.com`;
  await badge.click();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a code" }).click();
  const code = await expect
    .poll(
      async () =>
        (await (await page.request.get(`/api/dev/mailbox?email=${encodeURIComponent(email)}`)).json()).code,
    )
    .toMatch(/^\d{6}$/)
    .then(
      async () =>
        (await (await page.request.get(`/api/dev/mailbox?email=${encodeURIComponent(email)}`)).json()).code,
    );
  await page.getByLabel(/Code sent to/).fill(code);
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(badge).toContainText(email);
  await expect(page.getByTestId("quota-tier")).toHaveText("free");
  await expect(page.getByTestId("quota-used")).toHaveText(used);
  await expect(page.getByTestId("quota-limit")).toHaveText("200,000");

  await page.reload();
  await expect(badge).toContainText(email);
  await expect(page.getByTestId("quota-used")).toHaveText(used);

  // Signing out leaves a fresh anonymous account, not the old one.
  await badge.click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(badge).toContainText("Anonymous");
  await expect(page.getByTestId("quota-tier")).toHaveText("anon");
  await expect(page.getByTestId("quota-used")).toHaveText("0");
  const newId = (await (await page.request.get("/api/trpc/account.me")).json()).result.data.json.user.id;
  expect(newId).not.toBe(anonymousId);
});
