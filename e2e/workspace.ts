/** What the agent specs share: opening the workspace and scripting the fake model. */
import { expect, type Page } from "@playwright/test";

/** A message that scripts the fake model: one reply per step of the agent run. */
export const scripted = (question: string, steps: object[]) => `${question} FAKE:${JSON.stringify(steps)}`;

export const proposes = (code: string, text = "Let me run this.") => ({
  text,
  toolCalls: [{ name: "python_run", arguments: JSON.stringify({ code }) }],
});

export async function openWorkspace(page: Page) {
  await page.goto("/");
  // Pyodide's cold start is several seconds on a 2-core machine.
  await expect(page.getByTestId("python-status")).toHaveText("Python ready", { timeout: 45_000 });
  await expect(page.getByLabel("Model")).not.toHaveValue("");
}

export async function send(page: Page, text: string) {
  await page.getByLabel("Message").fill(text);
  await page.getByLabel("Message").press("Enter");
}

/** Signs in from the account badge with a code read from the dev mailbox. */
export async function signInWithEmail(page: Page, email: string) {
  await page.getByTestId("account-badge").click();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a code" }).click();
  const mailbox = `/api/dev/mailbox?email=${encodeURIComponent(email)}`;
  let code = "";
  await expect
    .poll(async () => {
      code = (await (await page.request.get(mailbox)).json()).code ?? "";
      return code;
    })
    .toMatch(/^\d{6}$/);
  await page.getByLabel(/Code sent to/).fill(code);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("account-badge")).toContainText(email);
}
