import { expect, test } from "@playwright/test";
import { openWorkspace, proposes, scripted, send } from "./workspace.ts";

test.setTimeout(90_000);

test("a proposed cell runs, the model answers, and all of it is there after a reload", async ({ page }) => {
  await openWorkspace(page);
  await send(
    page,
    scripted("Add up 0..9", [proposes("print(sum(range(10)))"), { text: "The sum is **45**." }]),
  );

  const cell = page.getByTestId("cell");
  await expect(cell).toContainText("print(sum(range(10)))");
  await expect(cell).toHaveAttribute("data-status", "pending");
  await cell.getByRole("button", { name: "Run", exact: true }).click();
  await expect(cell.getByTestId("cell-output")).toHaveText("45");
  await expect(page.getByTestId("assistant-message").last()).toContainText("The sum is 45.");
  await expect(cell).toHaveAttribute("data-status", "completed");
  await expect(page).toHaveURL(/\?session=/);

  await page.reload();
  await expect(page.getByTestId("user-message")).toContainText("Add up 0..9");
  await expect(page.getByTestId("cell")).toHaveAttribute("data-status", "completed");
  await expect(page.getByTestId("cell-output")).toHaveText("45");
  await expect(page.getByTestId("assistant-message").last()).toContainText("The sum is 45.");
  await expect(page.getByRole("navigation", { name: "Analyses" })).toContainText("Add up 0..9");
});

test("Edit runs the changed code, and the stored cell keeps both versions", async ({ page }) => {
  await openWorkspace(page);
  await send(page, scripted("Print one", [proposes("print(1)"), { text: "Noted." }]));
  const cell = page.getByTestId("cell");
  await cell.getByRole("button", { name: "Edit" }).click();
  await cell.locator(".cm-content").fill("print(2 * 21)");
  await cell.getByRole("button", { name: "Run edited code" }).click();
  await expect(cell.getByTestId("cell-output")).toHaveText("42");
  await expect(page.getByTestId("assistant-message").last()).toContainText("Noted.");

  await page.reload();
  const stored = page.getByTestId("cell");
  await expect(stored).toContainText("Edited");
  await expect(stored.locator(".cm-content")).toHaveText("print(2 * 21)");
  await stored.getByRole("button", { name: "Show proposal" }).click();
  await expect(stored.locator(".cm-content").first()).toHaveText("print(1)");
});

test("Skip is stored and the model is told", async ({ page }) => {
  await openWorkspace(page);
  await send(page, scripted("Try something", [proposes("print('never')"), { text: "Told: {{tool}}" }]));
  const cell = page.getByTestId("cell");
  await cell.getByRole("button", { name: "Skip" }).click();
  await cell.getByLabel("Reason for skipping").fill("wrong file");
  await cell.getByLabel("Reason for skipping").press("Enter");
  await expect(cell).toHaveAttribute("data-status", "skipped");
  await expect(page.getByTestId("assistant-message").last()).toContainText(
    "Told: Skipped by the user: the code was not run. Their reason: wrong file",
  );

  await page.reload();
  await expect(page.getByTestId("cell")).toHaveAttribute("data-status", "skipped");
});

test("an endless loop is interrupted within seconds and the next cell still runs", async ({ page }) => {
  await openWorkspace(page);
  await send(
    page,
    scripted("Spin", [
      proposes("counter = 0\nwhile True:\n    counter += 1"),
      proposes("print('still here', counter > 0)", "Trying again."),
      { text: "Done." },
    ]),
  );
  const first = page.getByTestId("cell").first();
  await first.getByRole("button", { name: "Run", exact: true }).click();
  await expect(first).toHaveAttribute("data-status", "running");
  const interruptedAt = Date.now();
  await first.getByRole("button", { name: "Interrupt" }).click();
  await expect(first).toHaveAttribute("data-status", "error", { timeout: 5_000 });
  expect(Date.now() - interruptedAt).toBeLessThan(5_000);
  await expect(first).toContainText("KeyboardInterrupt");

  const second = page.getByTestId("cell").nth(1);
  await second.getByRole("button", { name: "Run", exact: true }).click();
  // The interrupt kept the interpreter, so the first cell's variable is still there.
  await expect(second.getByTestId("cell-output")).toHaveText("still here True");
  await expect(page.getByTestId("assistant-message").last()).toContainText("Done.");
});

test("with automatic runs on, cells run without a click", async ({ page }) => {
  await openWorkspace(page);
  await page.getByLabel("Run code automatically").check();
  await send(page, scripted("Auto", [proposes("x = 6 * 7\nx"), { text: "It is {{tool}}" }]));
  const cell = page.getByTestId("cell");
  await expect(cell.getByTestId("cell-output")).toHaveText("42");
  await expect(page.getByTestId("assistant-message").last()).toContainText(
    "It is The code ran successfully.",
  );
});

test("a package that cannot be downloaded is named, and the standard library still works", async ({
  page,
}) => {
  await openWorkspace(page);
  await send(
    page,
    scripted("Use numpy", [
      proposes("import numpy"),
      proposes(
        "import statistics\nprint(statistics.mean([1, 2, 3]))",
        "Falling back to the standard library.",
      ),
      { text: "Done." },
    ]),
  );
  const first = page.getByTestId("cell").first();
  await first.getByRole("button", { name: "Run", exact: true }).click();
  await expect(first).toHaveAttribute("data-status", "error", { timeout: 20_000 });
  await expect(first).toContainText("Package numpy is not available");
  await expect(first).toContainText("ModuleNotFoundError");
  const second = page.getByTestId("cell").nth(1);
  await second.getByRole("button", { name: "Run", exact: true }).click();
  await expect(second.getByTestId("cell-output")).toHaveText("2");
});
