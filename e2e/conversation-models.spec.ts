import { expect, test } from "@playwright/test";
import { openWorkspace, proposes, scripted, send } from "./workspace.ts";

test.setTimeout(90_000);

/** The fake model server (playwright.config.ts: two ports after the app's). */
const fakeModel = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3210) + 2}`;

type Block = { type: string; id?: string; tool_use_id?: string; input?: unknown };
type Received = { path: string; body: { messages?: { role: string; content: string | Block[] }[] } };

test("a session begun on an OpenAI model goes on with an Anthropic one after a tool call, noted where it changed", async ({
  page,
  request,
}) => {
  await openWorkspace(page);
  await page.getByLabel("Model").selectOption("gpt-5.4-mini");
  await send(page, scripted("Compute the answer", [proposes("print(6 * 7)")]));
  const cell = page.getByTestId("cell").first();
  await expect(cell.getByRole("button", { name: "Run", exact: true })).toBeVisible({ timeout: 30_000 });

  await page.getByLabel("Model").selectOption("claude-haiku-5-5");
  await cell.getByRole("button", { name: "Run", exact: true }).click();
  const answers = page.getByTestId("assistant-message");
  await expect(answers).toHaveCount(2, { timeout: 30_000 });
  await expect(answers.last()).toContainText("Hello from the fake model.");
  await expect(answers.last().getByTestId("model-change")).toHaveText("Model changed to claude-haiku-5-5");
  await expect(page.getByTestId("model-change")).toHaveCount(1);
  await page.screenshot({ path: test.info().outputPath("model-change.png") });

  // Anthropic got the OpenAI model's tool call and its result as matching tool_use/tool_result blocks.
  const received = (await (await request.get(`${fakeModel}/received`)).json()) as Received[];
  const call = received
    .filter(
      (entry) =>
        entry.path.endsWith("/messages") && JSON.stringify(entry.body).includes("Compute the answer"),
    )
    .at(-1);
  const blocks = (call?.body.messages ?? []).flatMap((message) =>
    Array.isArray(message.content) ? message.content : [],
  );
  const toolUse = blocks.find((block) => block.type === "tool_use");
  const toolResult = blocks.find((block) => block.type === "tool_result");
  expect(toolUse?.input).toEqual({ code: "print(6 * 7)" });
  expect(toolResult?.tool_use_id).toBe(toolUse?.id);
  expect(JSON.stringify(toolResult)).toContain("42");
});
