import { expect, test } from "@playwright/test";

test("a first visit becomes an anonymous account with the anon quota, kept across reloads", async ({
  page,
}) => {
  await page.goto("/");

  const badge = page.getByTestId("account-badge");
  await expect(badge).toContainText("Anonymous");
  await expect(badge).toHaveAttribute("data-anonymous", "true");
  await expect(page.getByTestId("quota-tier")).toHaveText("anon");
  await expect(page.getByTestId("quota-used")).toHaveText("0");
  await expect(page.getByTestId("quota-limit")).toHaveText("20,000");

  const me = await page.request.get("/api/trpc/account.me");
  expect(me.ok()).toBe(true);
  const userId = (await me.json()).result.data.json.user.id as string;
  expect(userId).toBeTruthy();

  await page.reload();
  await expect(badge).toContainText("Anonymous");
  const again = await page.request.get("/api/trpc/account.me");
  expect((await again.json()).result.data.json.user.id).toBe(userId);
});

test("two visitors get two different accounts", async ({ browser }) => {
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto("/");
    await expect(page.getByTestId("account-badge")).toContainText("Anonymous");
    const me = await page.request.get("/api/trpc/account.me");
    ids.push((await me.json()).result.data.json.user.id);
    await context.close();
  }
  expect(new Set(ids).size).toBe(2);
});

test("health endpoints answer", async ({ request }) => {
  expect((await request.get("/healthz")).status()).toBe(200);
  const ready = await request.get("/readyz");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ status: "ready" });
});
