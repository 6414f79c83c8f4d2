import { randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { contentTypes, datasetId, kaggleDatasets, seabornDatasets, vegaDatasets } from "./catalog.ts";
import { createDatasets, kaggleAccount } from "./datasets.ts";

const catalog = [...vegaDatasets, ...seabornDatasets, ...kaggleDatasets];
const account = { apiUrl: "http://127.0.0.1:9/", username: "ada", key: "secret-key" };
const datasetsWith = (kaggle?: typeof account) =>
  createDatasets({
    vegaDir: path.join(process.cwd(), "node_modules", "vega-datasets", "data"),
    seabornUrl: "http://127.0.0.1:9/",
    kaggle,
    // Never created: nothing is downloaded here.
    dir: path.join(os.tmpdir(), `ada-datasets-${randomUUID()}`),
    timeoutMs: 1000,
    maxBytes: 1000,
  });

describe("the dataset catalog", () => {
  it("gives every dataset a unique id the download route accepts, named after its source", () => {
    const ids = catalog.map((entry) => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const entry of catalog) {
      expect(datasetId.safeParse(entry.id).success, entry.id).toBe(true);
      expect(entry.id.startsWith(`${entry.source}-`), entry.id).toBe(true);
    }
  });

  it("gives every file a name of its own under /data, in the format its extension says", () => {
    const fileNames = catalog.map((entry) => entry.fileName.toLowerCase());
    expect(new Set(fileNames).size).toBe(fileNames.length);
    for (const entry of catalog) {
      expect(entry.fileName).toMatch(/^[\w-]+\.(csv|json|parquet|tsv)$/);
      expect(path.extname(entry.fileName)).toBe(`.${entry.format}`);
      expect(contentTypes[entry.format]).toBeTruthy();
    }
  });

  it("describes and credits every dataset", () => {
    for (const entry of catalog) {
      expect(entry.title.length, entry.id).toBeGreaterThan(2);
      expect(entry.description.length, entry.id).toBeGreaterThan(20);
      expect(entry.license, entry.id).toMatch(/via vega-datasets$|via seaborn-data$|^Kaggle dataset /);
    }
    expect(seabornDatasets.map((entry) => entry.fileName)).toEqual(
      expect.arrayContaining([
        "iris.csv",
        "tips.csv",
        "penguins.csv",
        "titanic.csv",
        "flights.csv",
        "diamonds.csv",
      ]),
    );
  });
});

describe("listDatasets", () => {
  it("offers Kaggle only with an account, and never shows where files come from", async () => {
    const without = await datasetsWith().listDatasets();
    expect(without.map((dataset) => dataset.source)).not.toContain("kaggle");
    expect(without).toHaveLength(vegaDatasets.length + seabornDatasets.length);

    const listed = await datasetsWith(account).listDatasets();
    expect(listed.filter((dataset) => dataset.source === "kaggle").map((dataset) => dataset.id)).toEqual(
      kaggleDatasets.map((entry) => entry.id),
    );
    for (const dataset of listed) {
      expect(Object.keys(dataset).sort()).toEqual(
        ["description", "fileName", "format", "id", "license", "sizeBytes", "source", "title"].sort(),
      );
    }
    expect(JSON.stringify(listed)).not.toContain(account.key);
  });

  it("knows the size of the package's files, and of remote ones only once they are cached", async () => {
    const listed = await datasetsWith().listDatasets();
    const parquet = listed.find((dataset) => dataset.id === "vega-flights-3m");
    expect(parquet).toMatchObject({ format: "parquet", sizeBytes: 13_493_022 });
    for (const dataset of listed) {
      if (dataset.source === "vega") expect(dataset.sizeBytes, dataset.id).toBeGreaterThan(0);
      else expect(dataset.sizeBytes, dataset.id).toBeNull();
    }
  });
});

describe("kaggleAccount", () => {
  it("needs both the username and the key", () => {
    const apiUrl = "https://www.kaggle.com/api/v1/";
    expect(kaggleAccount({ KAGGLE_API_URL: apiUrl, KAGGLE_USERNAME: "ada", KAGGLE_KEY: "k" })).toEqual({
      apiUrl,
      username: "ada",
      key: "k",
    });
    expect(kaggleAccount({ KAGGLE_API_URL: apiUrl, KAGGLE_USERNAME: "ada", KAGGLE_KEY: undefined })).toBe(
      undefined,
    );
    expect(kaggleAccount({ KAGGLE_API_URL: apiUrl, KAGGLE_USERNAME: undefined, KAGGLE_KEY: "k" })).toBe(
      undefined,
    );
  });
});
