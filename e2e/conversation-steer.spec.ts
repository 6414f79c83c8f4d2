import { expect, test } from "@playwright/test";
import { openWorkspace, scripted, send } from "./workspace.ts";

test.setTimeout(120_000);

/** The fake model server (playwright.config.ts: two ports after the app's). */
const fakeModel = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3210) + 2}`;

const STORY = Array.from({ length: 120 }, (_, index) => `word${index}`).join(" ");

test("a steer stops the answer streaming, keeps it as interrupted, and the answer to the steer follows", async ({
  page,
  request,
}) => {
  await openWorkspace(page);
  await send(page, scripted("Tell me a long story", [{ text: STORY, pieceSize: 6, chunkDelayMs: 250 }]));
  const streaming = page.getByTestId("streaming-answer");
  await expect(streaming).toContainText("word5");

  await page.getByLabel("Message").fill(scripted("Actually, just say hi", [{ text: "Hi, as you asked." }]));
  await page.getByRole("button", { name: "Steer" }).click();

  const answers = page.getByTestId("assistant-message");
  await expect(answers).toHaveCount(2, { timeout: 30_000 });
  await expect(answers.last()).toHaveText("Hi, as you asked.");
  const interrupted = answers.first();
  await expect(interrupted).toContainText("word0 word1");
  await expect(interrupted).not.toContainText("word119");
  await expect(interrupted.getByTestId("interrupted")).toBeVisible();
  await expect(page.getByTestId("user-message")).toHaveCount(2);
  await expect(streaming).toBeHidden();
  await page.screenshot({ path: test.info().outputPath("steer.png") });

  // The model saw the interrupted answer before the steer.
  const received = (await (await request.get(`${fakeModel}/received`)).json()) as {
    body: { messages?: { role: string; content: unknown }[] };
  }[];
  const steered = received
    .filter((entry) => JSON.stringify(entry.body).includes("Actually, just say hi"))
    .at(-1);
  const roles = steered?.body.messages?.map((message) => message.role);
  expect(roles).toEqual(["system", "user", "assistant", "user"]);
  expect(String(steered?.body.messages?.[2]?.content)).toMatch(/^word0 word1/);
});
