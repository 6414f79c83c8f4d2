import { readFile } from "node:fs/promises";
import { type Browser, expect, type Page, test } from "@playwright/test";

test.setTimeout(60_000);

// Python is not part of these tests: not starting it keeps two browsers' Pyodide off the CPU.
test.beforeEach(({ context }) => context.route("**/python-worker.mjs", (route) => route.abort()));

/**
 * An admin's page, signed in through the auth API (in E2E runs ADMIN_EMAILS is empty and
 * NODE_ENV is not production: any signed-in user is an admin). Every admin comes from 127.0.0.1:
 * the E2E server allows that address generous per-client sign-in limits (playwright.config.ts).
 */
async function adminPage(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ extraHTTPHeaders: { origin: baseURL } });
  const email = `admin-${Date.now()}@example.com`;
  const sent = await context.request.post("/api/auth/email-otp/send-verification-otp", {
    data: { email, type: "sign-in" },
  });
  expect(sent.ok()).toBe(true);
  const { code } = await (
    await context.request.get(`/api/dev/mailbox?email=${encodeURIComponent(email)}`)
  ).json();
  const signedIn = await context.request.post("/api/auth/sign-in/email-otp", { data: { email, otp: code } });
  expect(signedIn.ok()).toBe(true);
  return context.newPage();
}

/** A visitor with the workspace open, and its account id. */
async function visitor(page: Page) {
  await page.goto("/");
  await expect(page.getByTestId("quota-meter")).toHaveAttribute("data-live", "true");
  const me = await (await page.request.get("/api/trpc/account.me")).json();
  return me.result.data.json.user.id as string;
}

async function keyFor(page: Page) {
  const created = await page.request.post("/api/trpc/keys.create", { data: { json: { name: "e2e" } } });
  return (await created.json()).result.data.json.key as string;
}

const ask = (page: Page, key: string) =>
  page.request.post("/api/v1/chat/completions", {
    headers: { authorization: `Bearer ${key}` },
    data: { model: "gpt-5.4-mini", messages: [{ role: "user", content: "hi" }] },
  });

test("an anonymous visitor gets a 404 page at /admin, never data", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByTestId("quota-meter")).toBeVisible();
  const response = await page.goto("/admin/users");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Users" })).toHaveCount(0);
});

test("an admin raises a user's limit and the user's meter follows live", async ({
  page,
  browser,
  baseURL,
}) => {
  const userId = await visitor(page);
  await expect(page.getByTestId("quota-limit")).toHaveText("20,000");

  const admin = await adminPage(browser, baseURL as string);
  await admin.goto(`/admin/quota?q=${userId}`);
  const bucket = admin.getByTestId("bucket").filter({ hasText: userId });
  await bucket.getByLabel("Limit in tokens").fill("55000");
  await bucket.getByRole("button", { name: "Save" }).click();
  await expect(bucket.getByLabel("Limit in tokens")).toHaveValue("55000");

  await expect(page.getByTestId("quota-limit")).toHaveText("55,000", { timeout: 5_000 });
  await admin.goto("/admin/audit");
  await expect(admin.getByTestId("audit-row").first()).toContainText("quota.update");
});

test("an admin bans a user and the user's next gateway request is refused", async ({
  page,
  browser,
  baseURL,
}) => {
  const userId = await visitor(page);
  const key = await keyFor(page);
  expect((await ask(page, key)).status()).toBe(200);

  const admin = await adminPage(browser, baseURL as string);
  await admin.goto(`/admin/users/${userId}`);
  await admin.getByLabel("Ban reason").fill("abuse in e2e");
  await admin.getByRole("button", { name: "Ban" }).click();
  await expect(admin.getByRole("button", { name: "Unban" })).toBeVisible();

  const refused = await ask(page, key);
  expect(refused.status()).toBe(403);
});

test("the activity CSV export holds exactly the filtered rows", async ({ page, browser, baseURL }) => {
  const userId = await visitor(page);
  const key = await keyFor(page);
  for (let i = 0; i < 3; i++) expect((await ask(page, key)).status()).toBe(200);

  const admin = await adminPage(browser, baseURL as string);
  await admin.goto(`/admin/activity?accountId=${userId}`);
  await expect(admin.getByTestId("activity-row")).toHaveCount(3);
  const [download] = await Promise.all([
    admin.waitForEvent("download"),
    admin.getByRole("link", { name: "Export CSV" }).click(),
  ]);
  const lines = (await readFile(await download.path(), "utf8")).trim().split(/\r?\n/);
  expect(lines).toHaveLength(4);
  expect(lines[0]).toMatch(/account/i);
  for (const line of lines.slice(1)) expect(line).toContain(userId);
});
