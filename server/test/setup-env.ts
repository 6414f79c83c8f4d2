import { inject } from "vitest";

// Before any test module imports server/env.ts. Tests only ever touch the local test database.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.DATA_DIR = inject("dataDir");
process.env.BETTER_AUTH_SECRET = "integration-tests-secret-0123456789abcdef";
process.env.BETTER_AUTH_URL = "http://localhost:3000";
