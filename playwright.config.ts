import { defineConfig, devices } from "@playwright/test";

/**
 * E2E against the production build (`next build` runs first in `npm run test:e2e`), served by the
 * same launcher as `npm start` on its own embedded Postgres under .data/e2e, loopback only.
 */
const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${port}`;
/** The model providers are the fake model server (real wire protocols), on the port after Postgres's. */
const fakeModelPort = port + 2;
/**
 * Python packages come from a local mirror of the official Pyodide wheels kept for offline tests
 * (e2e/package-mirror.ts): the real package path, while every other package (numpy, pandas…) is
 * unavailable, as on a machine without internet.
 */
const packageMirrorPort = port + 3;

export default defineConfig({
  testDir: "./e2e",
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [["list"]],
  use: { baseURL, trace: "retain-on-failure" },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          // Debian's Chromium: Playwright's own browser download cannot work on these machines.
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: [
    {
      command: `node server/test/fake-model-cli.ts ${fakeModelPort}`,
      url: `http://127.0.0.1:${fakeModelPort}/v1/messages/count_tokens`,
      reuseExistingServer: false,
      timeout: 20_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    },
    {
      command: `node e2e/package-mirror.ts ${packageMirrorPort}`,
      url: `http://127.0.0.1:${packageMirrorPort}/`,
      reuseExistingServer: false,
      timeout: 20_000,
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    },
    {
      command: "node --conditions=react-server scripts/run.ts start -- --hostname 127.0.0.1",
      url: `${baseURL}/readyz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      env: {
        NODE_ENV: "test",
        PORT: String(port),
        DATA_DIR: ".data/e2e",
        EMBEDDED_PG_PORT: String(port + 1),
        BETTER_AUTH_URL: baseURL,
        // Every test starts fresh browser contexts, each a new visitor from 127.0.0.1: generous
        // per-client limits instead of invented addresses, which the server ignores.
        ANON_SIGNINS_PER_HOUR: "10000",
        EMAIL_CODES_PER_MINUTE: "1000",
        SIGN_IN_ATTEMPTS_PER_MINUTE: "1000",
        LOG_LEVEL: "warn",
        OPENAI_API_KEY: "e2e",
        OPENAI_BASE_URL: `http://127.0.0.1:${fakeModelPort}/v1`,
        ANTHROPIC_API_KEY: "e2e",
        ANTHROPIC_BASE_URL: `http://127.0.0.1:${fakeModelPort}`,
        // The offline demo is offered too (last in the picker), for the newcomer's walk (e2e/demo.spec.ts).
        DEMO_MODEL: "1",
        PYODIDE_PACKAGES_URL: `http://127.0.0.1:${packageMirrorPort}/`,
      },
    },
  ],
});
