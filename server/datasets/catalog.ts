/**
 * The datasets Ada offers: what `datasets.list` shows of each, and where its file comes from.
 * vega-datasets ships in the npm package of that name (offline); seaborn-data and Kaggle are
 * fetched by the server (server/datasets/datasets.ts).
 */
import "server-only";
import path from "node:path";
import { z } from "zod";

type DatasetSource = "vega" | "seaborn" | "kaggle";

export const contentTypes = {
  csv: "text/csv; charset=utf-8",
  json: "application/json",
  parquet: "application/vnd.apache.parquet",
  tsv: "text/tab-separated-values",
} as const;

type DatasetFormat = keyof typeof contentTypes;

/** One dataset as `datasets.list` shows it; `sizeBytes` is null until the server has the file. */
export type Dataset = {
  id: string;
  title: string;
  description: string;
  source: DatasetSource;
  fileName: string;
  format: DatasetFormat;
  sizeBytes: number | null;
  license: string;
};

/**
 * A dataset as the server knows it: `origin` is where its source keeps the file, relative to the
 * source's root (vega-datasets' data directory, the seaborn-data URL, Kaggle's download API).
 */
export type CatalogEntry = Omit<Dataset, "sizeBytes"> & { origin: string };

/** Catalog ids: lowercase words joined by hyphens. */
export const datasetId = z
  .string()
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);

type About = Pick<Dataset, "title" | "description" | "license">;

function formatOf(fileName: string): DatasetFormat {
  const extension = path.extname(fileName).slice(1);
  if (!Object.hasOwn(contentTypes, extension)) throw new Error(`${fileName}: not a dataset format`);
  return extension as DatasetFormat;
}

const vega = (fileName: string, about: About): CatalogEntry => ({
  id: `vega-${path.basename(fileName, path.extname(fileName))}`,
  source: "vega",
  fileName,
  format: formatOf(fileName),
  ...about,
  license: `${about.license}, via vega-datasets`,
  origin: fileName,
});

const seaborn = (name: string, about: About): CatalogEntry => ({
  id: `seaborn-${name}`,
  source: "seaborn",
  fileName: `${name}.csv`,
  format: "csv",
  ...about,
  license: `${about.license}, via seaborn-data`,
  origin: `${name}.csv`,
});

/** `dataset` is Kaggle's `<owner>/<slug>`; only plain (unzipped) CSV files work (see datasets.ts). */
const kaggle = (dataset: string, fileName: string, about: Omit<About, "license">): CatalogEntry => ({
  id: `kaggle-${path.basename(dataset)}`,
  source: "kaggle",
  fileName,
  format: formatOf(fileName),
  ...about,
  license: `Kaggle dataset ${dataset}; terms on its Kaggle page`,
  origin: `${dataset}/${fileName}`,
});

const usGovernment = (agency: string) => `U.S. Government work (${agency})`;

export const vegaDatasets: CatalogEntry[] = [
  vega("seattle-weather.csv", {
    title: "Seattle weather",
    description:
      "Daily weather in Seattle, 2012–2015: precipitation, high and low (°C), wind, kind of weather.",
    license: usGovernment("NOAA"),
  }),
  vega("weather.csv", {
    title: "Seattle and New York weather",
    description:
      "Daily weather in Seattle and New York, 2012–2015, with the same columns as Seattle weather.",
    license: usGovernment("NOAA"),
  }),
  vega("stocks.csv", {
    title: "Stock prices",
    description: "Monthly prices of MSFT, AMZN, IBM, GOOG and AAPL, 2000–2010 (symbol, date, price).",
    license: "BSD-3-Clause",
  }),
  vega("iowa-electricity.csv", {
    title: "Iowa electricity",
    description: "Iowa's yearly net electricity generation by source, 2001–2017, in thousand MWh.",
    license: usGovernment("EIA"),
  }),
  vega("airports.csv", {
    title: "US airports",
    description: "3,376 US airports: IATA code, name, city, state, country, latitude and longitude.",
    license: usGovernment("Data.gov"),
  }),
  vega("disasters.csv", {
    title: "Deaths from natural disasters",
    description: "Yearly deaths worldwide by kind of natural disaster since 1900 (entity, year, deaths).",
    license: "EM-DAT terms of use; Our World in Data, CC BY 4.0",
  }),
  vega("cars.json", {
    title: "Cars",
    description: "406 cars from 1970–1982: miles per gallon, cylinders, horsepower, weight, origin.",
    license: "StatLib (1982), for educational and scientific use",
  }),
  vega("gapminder.json", {
    title: "Gapminder",
    description: "Life expectancy, population and fertility of countries, 1955–2005 in 5-year steps.",
    license: "Gapminder, CC BY 4.0",
  }),
  vega("penguins.json", {
    title: "Palmer penguins (JSON)",
    description: "344 penguins of three species: island, beak length and depth, flipper, body mass, sex.",
    license: "Palmer Station LTER, CC0 1.0",
  }),
  vega("movies.json", {
    title: "Movies",
    description:
      "3,201 films: grosses, budget, release date, genre, ratings; with data problems left to clean.",
    license: "BSD-3-Clause",
  }),
  vega("unemployment.tsv", {
    title: "US unemployment by county",
    description: "Unemployment rate of each US county (FIPS id, rate), around 2009; tab-separated.",
    license: usGovernment("BLS"),
  }),
  vega("flights-3m.parquet", {
    title: "US flight delays (3 million)",
    description: "3 million US domestic flights: date, delay (minutes), distance, origin, destination.",
    license: usGovernment("Bureau of Transportation Statistics"),
  }),
];

export const seabornDatasets: CatalogEntry[] = [
  seaborn("iris", {
    title: "Iris flowers",
    description: "150 iris flowers of three species: sepal and petal length and width (cm).",
    license: "Fisher's Iris data (1936), UCI Machine Learning Repository",
  }),
  seaborn("tips", {
    title: "Restaurant tips",
    description: "244 restaurant bills: total, tip, payer's sex, smoker, day, time, party size.",
    license: "Bryant & Smith (1995), Practical Data Analysis",
  }),
  seaborn("penguins", {
    title: "Palmer penguins",
    description: "344 penguins of three species: island, bill length and depth, flipper, body mass, sex.",
    license: "Palmer Station LTER via allisonhorst/penguins, CC0 1.0",
  }),
  seaborn("titanic", {
    title: "Titanic passengers",
    description: "891 Titanic passengers: survived, class, sex, age, family aboard, fare, port.",
    license: "Titanic passenger records (Kaggle's Titanic training set)",
  }),
  seaborn("flights", {
    title: "Airline passengers",
    description:
      "Monthly international airline passengers in thousands, 1949–1960 (year, month, passengers).",
    license: "Box & Jenkins airline passenger series",
  }),
  seaborn("diamonds", {
    title: "Diamonds",
    description: "About 54,000 diamonds: price, carat, cut, color, clarity and dimensions.",
    license: "ggplot2's diamonds data",
  }),
  seaborn("mpg", {
    title: "Auto MPG",
    description: "398 cars from 1970–1982: miles per gallon, cylinders, horsepower, weight, origin, name.",
    license: "Auto MPG, StatLib / UCI Machine Learning Repository",
  }),
  seaborn("planets", {
    title: "Exoplanets",
    description: "Exoplanets found up to 2014: discovery method, orbital period, mass, distance, year.",
    license: "NASA Exoplanet Archive",
  }),
];

export const kaggleDatasets: CatalogEntry[] = [
  kaggle("mirichoi0218/insurance", "insurance.csv", {
    title: "Medical insurance costs",
    description:
      "1,338 US insurance holders: age, sex, BMI, children, smoker, region, yearly medical charges.",
  }),
  kaggle("shivamb/netflix-shows", "netflix_titles.csv", {
    title: "Netflix titles",
    description:
      "Films and shows on Netflix: type, title, director, cast, country, date added, rating, genres.",
  }),
];
