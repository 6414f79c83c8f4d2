import { expect, test } from "@playwright/test";
import { openWorkspace, scripted, send } from "./workspace.ts";

test.setTimeout(200_000);

const STORY = Array.from({ length: 120 }, (_, index) => `word${index}`).join(" ");

test("a long answer reloaded mid-way streams on, and a second tab follows it, with nothing lost or repeated", async ({
  page,
  context,
}) => {
  await openWorkspace(page);
  // About a minute of streaming: page loads are slow on a small test machine.
  await send(page, scripted("Tell me a long story", [{ text: STORY, pieceSize: 6, chunkDelayMs: 450 }]));
  const streaming = page.getByTestId("streaming-answer");
  await expect(streaming).toContainText("word4");

  // A second tab attaches to the answer in flight and shows it from its first word.
  const second = await context.newPage();
  await second.goto(page.url());
  await expect(second.getByTestId("streaming-answer")).toContainText("word0 word1", { timeout: 30_000 });

  await page.reload();
  await expect(streaming).toContainText("word0 word1", { timeout: 30_000 });
  await expect(streaming).not.toContainText("word119");

  for (const tab of [page, second]) {
    await expect(tab.getByTestId("assistant-message")).toHaveCount(1, { timeout: 90_000 });
    await expect(tab.getByTestId("assistant-message")).toHaveText(STORY);
    await expect(tab.getByTestId("streaming-answer")).toBeHidden();
    await expect(tab.getByTestId("user-message")).toHaveCount(1);
  }
});
