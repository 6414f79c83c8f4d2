import { describe, expect, it } from "vitest";
import { vegaDatasets } from "#server/datasets/catalog.ts";
import { chooseFile } from "#server/inference/demo/script.ts";
import { STARTERS } from "./starter-questions.ts";

describe("the starter questions", () => {
  it("offer three or four datasets of the catalog, as the catalog names them", () => {
    expect(STARTERS.length).toBeGreaterThanOrEqual(3);
    expect(STARTERS.length).toBeLessThanOrEqual(4);
    for (const { dataset } of STARTERS) {
      const entry = vegaDatasets.find((candidate) => candidate.id === dataset.id);
      expect(entry, dataset.id).toMatchObject({ title: dataset.title, fileName: dataset.fileName });
    }
  });

  it("each lead the offline demo to its own dataset when all of them are mounted", () => {
    const files = STARTERS.map(({ dataset }) => ({ path: `/data/${dataset.fileName}`, columns: [] }));
    for (const { question, dataset } of STARTERS) {
      expect(chooseFile(files, question)?.path).toBe(`/data/${dataset.fileName}`);
    }
  });
});
