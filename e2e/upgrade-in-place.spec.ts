import { expect, test } from "@playwright/test";
import { openWorkspace, proposes, scripted, send, signInWithEmail } from "./workspace.ts";

test.setTimeout(120_000);

test("signing in keeps the conversation, its cells, the files and the usage; signing out starts afresh", async ({
  page,
  playwright,
  baseURL,
}) => {
  await openWorkspace(page);
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
  const keyUsage = (await answer.json()).usage.total_tokens as number;
  await other.dispose();
  await expect(page.getByTestId("quota-used")).toHaveText(String(keyUsage));

  // A conversation with a completed cell, and a dataset under /data.
  await send(page, scripted("Add up 0..9", [proposes("print(sum(range(10)))"), { text: "The sum is 45." }]));
  await page.getByTestId("cell").getByRole("button", { name: "Run", exact: true }).click();
  await expect(page.getByTestId("assistant-message").last()).toContainText("The sum is 45.");
  await page.getByRole("button", { name: "Add dataset" }).click();
  await page
    .getByRole("dialog", { name: "Add a dataset" })
    .getByRole("listitem")
    .filter({ hasText: "stocks.csv" })
    .getByRole("button")
    .click();
  const datasetChip = page.getByTestId("data-file").filter({ hasText: "stocks.csv" });
  await expect(datasetChip).toBeVisible();
  await expect(page.getByTestId("quota-used")).not.toHaveText(String(keyUsage));
  const used = (await page.getByTestId("quota-used").textContent()) ?? "";

  const everythingKept = async () => {
    await expect(page.getByTestId("user-message")).toContainText("Add up 0..9");
    await expect(page.getByTestId("cell-output")).toHaveText("45");
    await expect(page.getByTestId("assistant-message").last()).toContainText("The sum is 45.");
    await expect(datasetChip).toBeVisible();
    await expect(page.getByTestId("quota-used")).toHaveText(used);
  };

  // Sign in with an emailed code (read from the dev mailbox), from the badge.
  const email = `e2e-${Date.now()}@example.com`;
  await signInWithEmail(page, email);

  // The same page, with no reload: the shapes follow the account the rows moved to.
  await expect(badge).toContainText(email);
  await expect(page.getByTestId("quota-tier")).toHaveText("free");
  await expect(page.getByTestId("quota-limit")).toHaveText("200,000");
  await everythingKept();

  await page.reload();
  await expect(badge).toContainText(email);
  await everythingKept();

  // Signing out leaves a fresh anonymous account, not the old one.
  await badge.click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(badge).toContainText("Anonymous");
  await expect(page.getByTestId("quota-tier")).toHaveText("anon");
  await expect(page.getByTestId("quota-used")).toHaveText("0");
  await expect(page.getByRole("heading", { name: "Ask a question about your data" })).toBeVisible();
  await expect(page.getByText("Your analyses will appear here.")).toBeVisible();
  await expect(page.getByText("No files yet.")).toBeVisible();
  const newId = (await (await page.request.get("/api/trpc/account.me")).json()).result.data.json.user.id;
  expect(newId).not.toBe(anonymousId);
});
