import { expect, test } from "@playwright/test";
import { openWorkspace, proposes, scripted, send } from "./workspace.ts";

test.setTimeout(90_000);

test("a number the cell printed links to its cell; an invented one is marked not computed", async ({
  page,
}) => {
  await openWorkspace(page);
  await send(
    page,
    scripted("How many orders are there?", [
      proposes("print('orders:', 4321)"),
      // The fake model quotes the printed number and invents one (4321 × 2 + 1).
      { text: "There are **{{printed}}** orders, and about {{invented}} returns." },
    ]),
  );
  const cell = page.getByTestId("cell");
  await cell.getByRole("button", { name: "Run", exact: true }).click();
  await expect(cell.getByTestId("cell-output")).toHaveText("orders: 4321");
  const answer = page.getByTestId("assistant-message").last();
  await expect(answer).toContainText("There are 4,321 orders");

  const computed = answer.getByTestId("number-computed");
  await expect(computed).toHaveText("4,321");
  await expect(computed).toHaveAttribute("href", /^#cell-/);
  const invented = answer.getByTestId("number-not-computed");
  await expect(invented).toContainText("8,643");
  // A small count or a number from the question would not be marked; nothing else is.
  await expect(answer.getByTestId("number-not-computed")).toHaveCount(1);

  // Hover explains the mark.
  await invented.hover();
  await expect(invented.getByRole("tooltip")).toBeVisible();
  await expect(invented.getByRole("tooltip")).toContainText(
    "Not computed: no cell that ran shows this number",
  );
  await page.screenshot({ path: test.info().outputPath("provenance.png") });

  // Click: the page scrolls to the cell and highlights the printed value on its line.
  await page.getByTestId("transcript").evaluate((element) => element.parentElement?.scrollTo(0, 99_999));
  await computed.click();
  await expect(cell.getByTestId("output").first()).toHaveAttribute("data-provenance-target", "output");
  expect(
    await page.evaluate(() => {
      const range = [...(CSS.highlights.get("ada-provenance") ?? [])][0] as Range | undefined;
      return range?.toString();
    }),
  ).toBe("4321");
  await expect(cell).toBeInViewport();

  // After a reload the marks come back from the stored rows.
  await page.reload();
  await expect(page.getByTestId("number-computed")).toHaveText("4,321");
  await expect(page.getByTestId("number-not-computed")).toContainText("8,643");
});
