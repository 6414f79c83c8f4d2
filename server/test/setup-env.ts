import { afterAll, inject } from "vitest";
import { type FakeModelServer, startFakeModelServer } from "./fake-model-server.ts";

// Before any test module imports server/env.ts. Tests only ever touch the local test database,
// and the model providers are the fake server (real wire protocols, real SDKs).
const fake = await startFakeModelServer();
(globalThis as { fakeModelServer?: FakeModelServer }).fakeModelServer = fake;
afterAll(() => fake.close());

Object.assign(process.env, {
  DATABASE_URL: inject("databaseUrl"),
  DATA_DIR: inject("dataDir"),
  BETTER_AUTH_SECRET: "integration-tests-secret-0123456789abcdef",
  BETTER_AUTH_URL: "http://localhost:3000",
  OPENAI_API_KEY: "test-openai-key",
  OPENAI_BASE_URL: fake.openaiBaseUrl,
  ANTHROPIC_API_KEY: "test-anthropic-key",
  ANTHROPIC_BASE_URL: fake.anthropicBaseUrl,
  // Provider keys are set, so the scripted offline model is served only when asked for.
  DEMO_MODEL: "1",
  // Admins are this address or the `admin` role, as in production: an ordinary signed-in user is
  // not one (an empty list would admit everyone outside production).
  ADMIN_EMAILS: "admin@ada.test",
  FIRST_BYTE_TIMEOUT_MS: "1500",
  // The per-account stream limit is tested on reserve() itself; request tests run many at once.
  MAX_OPEN_STREAMS: "1000",
  // Long-polls hold for 1.5 s in tests, so the timeout path is exercised quickly.
  SYNC_LONG_POLL_MS: "1500",
  // Nothing listens on the discard port: the Pyodide package route's mirror is unreachable, fast.
  PYODIDE_PACKAGES_URL: "http://127.0.0.1:9/",
  PYODIDE_PACKAGES_DIR: `${inject("dataDir")}/pyodide-packages`,
  // The same for seaborn-data; server/datasets' own tests serve it from a local stand-in.
  SEABORN_DATA_URL: "http://127.0.0.1:9/",
  DATASETS_DIR: `${inject("dataDir")}/datasets`,
  // Never the developer's Kaggle account: Kaggle is tested against a stand-in (server/datasets).
  KAGGLE_USERNAME: "",
  KAGGLE_KEY: "",
});

/** The fake model server this test file's app talks to. */
export function fakeModelServer() {
  return fake;
}
