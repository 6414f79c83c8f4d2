/**
 * The files under /data a session used, and where each came from, so an exported notebook says
 * what to put beside it before it is run again. The browser keeps /data to itself, so "used" is
 * what the cells' code names (`/data/<file>`), and a file is from the catalog when a catalog
 * entry has its name; any other file was uploaded (or written by a cell).
 */
import "server-only";
import appPackage from "../../package.json" with { type: "json" };
import { type CatalogEntry, kaggleDatasets, seabornDatasets, vegaDatasets } from "../datasets/catalog.ts";

export type DataFileSource = {
  /** `/data/<file>`. */
  path: string;
  /** The catalog entry's title and the public URL of its file; null for an uploaded file. */
  catalog: { title: string; url: string } | null;
};

/** `/data/` followed by a file name with an extension (no quotes, slashes or spaces). */
const DATA_PATH = /\/data\/([\w.-]+\.\w+)/g;

/** At most this many files are listed: code that names more is generating names. */
const MAX_FILES = 50;

/** The public place of each catalog file, by file name (vega-datasets at the version Ada ships). */
export function catalogUrls(seabornUrl: string): Map<string, { title: string; url: string }> {
  const vegaVersion = appPackage.dependencies["vega-datasets"];
  const at = (entry: CatalogEntry, url: string) => [entry.fileName, { title: entry.title, url }] as const;
  return new Map([
    ...vegaDatasets.map((entry) =>
      at(entry, `https://cdn.jsdelivr.net/npm/vega-datasets@${vegaVersion}/data/${entry.origin}`),
    ),
    ...seabornDatasets.map((entry) => at(entry, new URL(entry.origin, seabornUrl).href)),
    ...kaggleDatasets.map((entry) =>
      at(entry, `https://www.kaggle.com/datasets/${entry.origin.split("/").slice(0, 2).join("/")}`),
    ),
  ]);
}

/** The files the code names, in the order first named. */
export function filesUsed(
  codes: readonly string[],
  catalog: ReadonlyMap<string, { title: string; url: string }>,
): DataFileSource[] {
  const names = new Set<string>();
  for (const code of codes) {
    for (const match of code.matchAll(DATA_PATH)) {
      if (match[1] && names.size < MAX_FILES) names.add(match[1]);
    }
  }
  return [...names].map((name) => ({ path: `/data/${name}`, catalog: catalog.get(name) ?? null }));
}
