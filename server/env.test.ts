import { describe, expect, it } from "vitest";
import { fromSstLinks } from "./env.ts";

describe("fromSstLinks", () => {
  it("turns SST's linked resources into the app's variables", () => {
    const values = fromSstLinks({
      SST_RESOURCE_BetterAuthSecret: JSON.stringify({ type: "sst.sst.Secret", value: "s".repeat(40) }),
      SST_RESOURCE_GoogleClientId: JSON.stringify({ type: "sst.sst.Secret", value: "" }),
      SST_RESOURCE_Database: JSON.stringify({
        host: "db.internal",
        port: 5432,
        username: "postgres",
        password: "p@ss/word",
        database: "ada",
      }),
      SST_RESOURCE_App: JSON.stringify({ name: "ada", stage: "production" }),
    });
    expect(values).toEqual({
      BETTER_AUTH_SECRET: "s".repeat(40),
      DATABASE_URL: "postgresql://postgres:p%40ss%2Fword@db.internal:5432/ada?sslmode=no-verify",
    });
  });
});
