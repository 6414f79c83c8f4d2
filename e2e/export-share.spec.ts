import { expect, test } from "@playwright/test";
import { chooseFromSessionMenu, runDemoAnalysis } from "./demo-session.ts";

test.setTimeout(180_000);

test("a read-only link: opened without an account in a fresh browser, then revoked to a 404", async ({
  page,
  browser,
}) => {
  await runDemoAnalysis(page);
  await chooseFromSessionMenu(page, "Share read-only link…");
  const dialog = page.getByRole("dialog", { name: /^Share/ });
  await dialog.getByRole("button", { name: "Create a link" }).click();
  const url = await dialog.getByLabel(/New link/).inputValue();
  expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{32}$/);
  await expect(dialog.getByTestId("share-link")).toHaveCount(1);
  await page.screenshot({ path: test.info().outputPath("share-dialog.png") });

  const stranger = await browser.newContext();
  const viewer = await stranger.newPage();
  // The page's own policy must block nothing it needs (a blocked script or chart shows here).
  await viewer.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { cspViolations: seen });
    document.addEventListener("securitypolicyviolation", (event) => seen.push(event.violatedDirective));
  });
  const response = await viewer.goto(url);
  expect(response?.status()).toBe(200);
  expect(response?.headers()["x-robots-tag"]).toBe("noindex, nofollow");
  expect(response?.headers()["content-security-policy"]).toContain("connect-src 'none'");
  await expect(viewer.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
  await expect(viewer.getByTestId("user-message").first()).toContainText("Seattle's weather");
  const table = viewer.locator('[data-mime="application/vnd.dataresource+json"]');
  await expect(table.locator("thead")).toContainText("temp_max");
  await expect(
    viewer.locator('[data-mime^="application/vnd.vegalite"] [data-testid="vega-chart"] svg'),
  ).toBeVisible({
    timeout: 20_000,
  });
  await expect(viewer.getByTestId("cell").nth(1)).toHaveAttribute("data-status", "error");
  // Nothing of the owner's: the viewer was not signed in, and the page names no account.
  expect(await stranger.cookies()).toEqual([]);
  await expect(viewer.getByText(/@anonymous\.invalid/)).toHaveCount(0);
  await viewer.screenshot({ path: test.info().outputPath("shared.png"), fullPage: true });
  expect(
    await viewer.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
  ).toEqual([]);

  await dialog.getByRole("button", { name: /^Revoke the link/ }).click();
  await expect(dialog.getByTestId("share-link")).toHaveAttribute("data-revoked", "true");
  expect((await viewer.goto(url))?.status()).toBe(404);
  expect((await viewer.goto(url.replace(/.{4}$/, "abcd")))?.status()).toBe(404);
  await stranger.close();
});
