/**
 * The empty state's starter questions, each on a sample dataset from the catalog's vega-datasets
 * (shipped in an npm package, so adding one works offline). The questions name their dataset, so
 * the offline demo model picks that file when other files are mounted too.
 */
import type { DatasetChoice } from "../data/use-data-files.ts";

export type Starter = { question: string; dataset: DatasetChoice };

const vega = (fileName: string, title: string): DatasetChoice => ({
  id: `vega-${fileName.replace(/\.\w+$/, "")}`,
  title,
  fileName,
  // The download reports its own size (Content-Length), which the progress bar uses.
  sizeBytes: null,
});

export const STARTERS: Starter[] = [
  {
    question: "How has Seattle's weather changed across the seasons?",
    dataset: vega("seattle-weather.csv", "Seattle weather"),
  },
  {
    question: "How did the big tech stocks move from 2000 to 2010?",
    dataset: vega("stocks.csv", "Stock prices"),
  },
  {
    question: "Which cars got the most miles per gallon, and how did that change over the years?",
    dataset: vega("cars.json", "Cars"),
  },
  {
    question: "How has Iowa's electricity shifted from fossil fuels to renewables?",
    dataset: vega("iowa-electricity.csv", "Iowa electricity"),
  },
];
