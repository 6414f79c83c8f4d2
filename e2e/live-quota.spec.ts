import { expect, test } from "@playwright/test";

test("the quota meter follows usage live when another client spends it", async ({
  page,
  playwright,
  baseURL,
}) => {
  await page.goto("/");
  const meter = page.getByTestId("quota-meter");
  await expect(meter).toHaveAttribute("data-live", "true");
  await expect(page.getByTestId("quota-used")).toHaveText("0");

  // A key for this account, then a gateway request from a different client (no cookies at all).
  const created = await page.request.post("/api/trpc/keys.create", { data: { json: { name: "e2e" } } });
  expect(created.ok()).toBe(true);
  const key = (await created.json()).result.data.json.key as string;
  const other = await playwright.request.newContext({ baseURL });
  const answer = await other.post("/api/v1/chat/completions", {
    headers: { authorization: `Bearer ${key}` },
    data: { model: "gpt-5.4-mini", messages: [{ role: "user", content: "hi" }] },
  });
  expect(answer.ok()).toBe(true);
  const { usage } = await answer.json();
  await other.dispose();

  // The fake provider reports the usage; the page must show the charge within a second.
  await expect(page.getByTestId("quota-used")).toHaveText(String(usage.total_tokens), { timeout: 1_000 });
});
