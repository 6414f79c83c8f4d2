import { describe, expect, it } from "vitest";
import { seabornDatasets, vegaDatasets } from "../datasets/catalog.ts";
import { TestAuthClient } from "../test/auth-client.ts";
import { createTRPCContext } from "./init.ts";
import { createCaller } from "./root.ts";

describe("datasets.list", () => {
  it("lists the catalog to a signed-in user: no Kaggle without an account, sizes where known", async () => {
    const client = new TestAuthClient();
    await client.signInAnonymously();
    const listed = await (await client.caller()).datasets.list();

    expect(listed.map((dataset) => dataset.id)).toEqual(
      [...vegaDatasets, ...seabornDatasets].map((e) => e.id),
    );
    expect(listed.find((dataset) => dataset.id === "vega-penguins")).toEqual({
      id: "vega-penguins",
      title: "Palmer penguins (JSON)",
      description: expect.any(String),
      source: "vega",
      fileName: "penguins.json",
      format: "json",
      sizeBytes: 67_119,
      license: "Palmer Station LTER, CC0 1.0, via vega-datasets",
    });
    const iris = listed.find((dataset) => dataset.id === "seaborn-iris");
    expect(iris).toMatchObject({ source: "seaborn", fileName: "iris.csv", format: "csv", sizeBytes: null });
  });

  it("refuses a caller without a session with UNAUTHORIZED", async () => {
    const api = createCaller(await createTRPCContext({ headers: new Headers() }));
    await expect(api.datasets.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
