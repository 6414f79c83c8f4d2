import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // `server-only` throws outside React Server Components; its own empty build is what RSC gets.
    alias: { "server-only": fileURLToPath(import.meta.resolve("./node_modules/server-only/empty.js")) },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{server,app,common,scripts}/**/*.test.{ts,tsx}", "*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["{server,app,scripts}/**/*.int.test.ts"],
          // One real Postgres for the run (server/test/global-setup.ts); files share it, so they
          // run one at a time and each test makes its own accounts.
          globalSetup: ["server/test/global-setup.ts"],
          setupFiles: ["server/test/setup-env.ts"],
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
