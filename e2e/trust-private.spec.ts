import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { openWorkspace, proposes, scripted, send } from "./workspace.ts";

test.setTimeout(120_000);

/** The fake model server (playwright.config.ts: two ports after the app's). */
const fakeModel = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3210) + 2}`;

test("values of a private column never reach the model, while the cell shows them; the ledger adds up", async ({
  page,
  request,
}) => {
  const tag = randomUUID().slice(0, 8);
  const emails = [`ann.${tag}@example.org`, `bo.${tag}@example.org`, `cy.${tag}@example.org`];
  const csv = `name,email,visits\nAnn,${emails[0]},3\nBo,${emails[1]},5\nCy,${emails[2]},8\n`;

  await openWorkspace(page);
  await page.getByLabel("Upload a CSV, JSON or Parquet file").setInputFiles({
    name: "people.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(csv),
  });
  const chip = page.getByTestId("data-file").filter({ hasText: "people.csv" });
  await expect(chip).toBeVisible();
  await chip.getByRole("button", { name: "Private columns of people.csv" }).click();
  const dialog = page.getByRole("dialog", { name: "Private columns of people.csv" });
  await dialog.getByRole("checkbox", { name: /email/ }).check();
  await page.screenshot({ path: test.info().outputPath("private-columns.png") });
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(chip.getByTestId("private-columns")).toHaveText("1 private");

  // stdout, a table, a chart's data and an error message all carry the emails.
  const code = [
    "import csv",
    "rows = list(csv.DictReader(open('/data/people.csv')))",
    "for row in rows: print(row['name'], row['email'], row['visits'])",
    "table = {'schema': {'fields': [{'name': 'name'}, {'name': 'email'}]}, 'data': [{'name': r['name'], 'email': r['email']} for r in rows]}",
    "display({'application/vnd.dataresource+json': table}, raw=True)",
    "display({'application/vnd.vegalite.v5+json': {'mark': 'bar', 'data': {'values': [{'who': r['email'], 'n': int(r['visits'])} for r in rows]}, 'encoding': {'x': {'field': 'who'}, 'y': {'field': 'n', 'type': 'quantitative'}}}}, raw=True)",
    "raise ValueError('no such address: ' + rows[0]['email'])",
  ].join("\n");
  await send(page, scripted("Who visited most?", [proposes(code), { text: "Told: {{tool}}" }]));
  const cell = page.getByTestId("cell");
  await cell.getByRole("button", { name: "Run", exact: true }).click();
  await expect(cell).toHaveAttribute("data-status", "error");
  // On screen: the real values.
  await expect(cell.getByTestId("cell-output")).toContainText(`Ann ${emails[0]} 3`);
  await expect(cell.getByTestId("cell-output")).toContainText(`no such address: ${emails[0]}`);
  // The model was told the masked text.
  const answer = page.getByTestId("assistant-message").last();
  await expect(answer).toContainText("Told: The code raised an error.");
  await expect(answer).toContainText("Ann [private] 3");

  const received = (await (await request.get(`${fakeModel}/received`)).json()) as { body: unknown }[];
  const bodies = received.map((entry) => JSON.stringify(entry.body));
  const mine = bodies.filter((body) => body.includes("Who visited most?"));
  expect(mine.length).toBeGreaterThanOrEqual(2);
  for (const body of bodies) for (const email of emails) expect(body).not.toContain(email);
  expect(mine.at(-1)).toContain("email (text, private)");
  expect(mine.at(-1)).toContain('masked as \\"[private]\\"');

  // The ledger: every request's dataset-derived text, its size the gateway's own count.
  await page.getByRole("button", { name: /^Data sent:/ }).click();
  const ledger = page.getByRole("dialog", { name: "What this analysis sent out" });
  const requests = ledger.getByTestId("ledger-request");
  await expect(requests).toHaveCount(2);
  const sizes = await requests.evaluateAll((items) =>
    items.map((item) => ({
      bytes: Number(item.getAttribute("data-bytes")),
      items: [...item.querySelectorAll("[data-testid=ledger-item]")].map((i) =>
        Number(i.getAttribute("data-bytes")),
      ),
    })),
  );
  expect(sizes[0]).toEqual({ bytes: 0, items: [] });
  expect(sizes[1]?.items).toHaveLength(1);
  // What the browser shows as sent is byte for byte what the gateway counted.
  expect(sizes[1]?.bytes).toBe(sizes[1]?.items[0]);
  expect(sizes[1]?.bytes).toBeGreaterThan(100);
  await expect(ledger.getByTestId("ledger-total")).toHaveAttribute("data-bytes", String(sizes[1]?.bytes));
  await ledger.getByText("1 cell result").click();
  await expect(ledger).toContainText("Ann [private] 3");
  await expect(ledger).not.toContainText(emails[0] as string);
  await page.screenshot({ path: test.info().outputPath("ledger.png") });
});
