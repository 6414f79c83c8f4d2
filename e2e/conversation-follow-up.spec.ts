import { expect, test } from "@playwright/test";
import { openWorkspace, proposes, scripted, send } from "./workspace.ts";

test.setTimeout(120_000);

/** A cell that keeps Python busy for a few seconds. */
const SLOW_CELL =
  "import time\nstart = time.time()\nwhile time.time() - start < 6:\n    pass\nprint('slow done')";

test("messages queued while a cell runs are editable, removable, and sent in order when the turn ends", async ({
  page,
}) => {
  await openWorkspace(page);
  await page.getByLabel("Run code automatically").check();
  await send(
    page,
    scripted("Run something slow", [proposes(SLOW_CELL), { text: "The slow cell finished." }]),
  );
  await expect(page.getByTestId("python-status")).toHaveText("Python running…", { timeout: 30_000 });

  // While the cell runs, Enter queues instead of sending.
  await send(page, "A message I will remove");
  await send(page, "A draft");
  await send(page, scripted("And a second one", [{ text: "Second answered." }]));
  const queued = page.getByTestId("queued-message");
  await expect(queued).toHaveCount(3);
  await expect(queued.first()).toContainText("Queued");
  await queued.first().getByRole("button", { name: "Remove" }).click();
  await queued.first().getByRole("button", { name: "Edit" }).click();
  await page
    .getByLabel("Edit the follow-up")
    .fill(scripted("And the follow-up?", [{ text: "Follow-up answered." }]));
  await page.getByRole("button", { name: "Save" }).click();
  await expect(queued).toHaveCount(2);
  await expect(queued.first()).toContainText("And the follow-up?");
  await expect(queued.last()).toContainText("And a second one");
  await page.screenshot({ path: test.info().outputPath("follow-up-queue.png") });
  // Nothing went out yet: the turn is not over.
  await expect(page.getByTestId("user-message")).toHaveCount(1);

  const answers = page.getByTestId("assistant-message");
  await expect(answers.last()).toContainText("Second answered.", { timeout: 45_000 });
  await expect(queued).toHaveCount(0);
  const users = page.getByTestId("user-message");
  await expect(users).toHaveCount(3);
  await expect(users.nth(1)).toContainText("And the follow-up?");
  await expect(users.nth(2)).toContainText("And a second one");
  // In order, each after the turn before it ended: the cell's answer, then one answer per follow-up.
  await expect(answers).toHaveCount(4);
  await expect(answers.nth(1)).toContainText("The slow cell finished.");
  await expect(answers.nth(2)).toContainText("Follow-up answered.");
  await expect(page.getByTestId("cell").first()).toContainText("slow done");
});
