import { expect, test } from "@playwright/test";
import { openWorkspace, proposes, scripted, send } from "./workspace.ts";

test.setTimeout(90_000);

test("a run pauses before the call past its budget, shows its tokens and each fix's cost", async ({
  page,
}) => {
  await openWorkspace(page);
  await page.getByLabel("Run code automatically").check();
  await page.getByLabel("Calls before the run pauses").fill("2");
  await send(
    page,
    scripted("Try, fix, then answer", [
      proposes("raise ValueError('boom')"),
      proposes("print('fixed')", "Fixing it."),
      { text: "Done." },
    ]),
  );
  const pause = page.getByTestId("budget-pause");
  await expect(pause).toBeVisible({ timeout: 30_000 });
  await expect(pause).toContainText("Paused after 2 model calls in this run");
  await expect(page.getByTestId("cell")).toHaveCount(2);
  // Nothing more was asked of the model while paused.
  await expect(page.getByTestId("assistant-message")).toHaveCount(2);

  // The run's tokens, beside the day's meter; the fix says what its call cost.
  const meter = page.getByTestId("run-meter");
  await expect(meter).toContainText("This run");
  await expect(meter).toContainText("2 calls");
  const runTokens = Number((await meter.getByTestId("run-tokens").textContent())?.replaceAll(",", ""));
  expect(runTokens).toBeGreaterThan(0);
  const fix = page.getByTestId("cell").nth(1);
  await expect(fix).toContainText("Fix 1 of 2");
  await expect(fix.getByTestId("fix-cost")).toHaveText(/^\d[\d,]* tokens$/);
  await page.screenshot({ path: test.info().outputPath("budget-pause.png") });

  await pause.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("assistant-message").last()).toContainText("Done.");
  await expect(pause).toBeHidden();
  await expect(meter).toContainText("3 calls");
  await expect(meter).toContainText("Last run");

  // The setting belongs to the analysis: a reload keeps it.
  await page.reload();
  await expect(page.getByLabel("Calls before the run pauses")).toHaveValue("2");
});
