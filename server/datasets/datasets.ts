/**
 * The catalog's files. vega-datasets' are read from the installed npm package, so they work
 * offline; seaborn-data's and Kaggle's are fetched by the server on first request, size-capped and
 * kept in a cache (server/files/remote-file-cache.ts), so the browser only ever talks to Ada.
 */
import "server-only";
import path from "node:path";
import { env } from "../env.ts";
import { type FileBody, openFile, sizeOf } from "../files/local-file.ts";
import { createRemoteFileCache, directoryUrl, type RemoteFile } from "../files/remote-file-cache.ts";
import { type CatalogEntry, type Dataset, kaggleDatasets, seabornDatasets, vegaDatasets } from "./catalog.ts";

type KaggleAccount = { apiUrl: string; username: string; key: string };

type DatasetsOptions = {
  /** vega-datasets' `data` directory. */
  vegaDir: string;
  /** The directory seaborn-data's `<name>.csv` files are relative to. */
  seabornUrl: string;
  /** Without an account no Kaggle dataset is offered. */
  kaggle?: KaggleAccount;
  /** The cache of remote files, and the limits of one download. */
  dir: string;
  timeoutMs: number;
  maxBytes: number;
};

export type DatasetFile =
  | ({ status: "ok"; dataset: CatalogEntry } & FileBody)
  | { status: "not-found" }
  | { status: "unavailable"; dataset: CatalogEntry; reason: string };

const ZIP_MAGIC = Buffer.from("PK\x03\x04", "latin1");

export function createDatasets(options: DatasetsOptions) {
  const entries = [...vegaDatasets, ...seabornDatasets, ...(options.kaggle ? kaggleDatasets : [])];
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  const cache = createRemoteFileCache(options);
  const seabornRoot = directoryUrl(options.seabornUrl);

  // Named by source as well: a later catalog that moves a file name to another source must not
  // meet the old copy.
  const cacheName = (entry: CatalogEntry) => `${entry.source}-${entry.fileName}`;

  function remoteFile(entry: CatalogEntry): RemoteFile {
    // Kaggle's entries are listed only with an account.
    if (entry.source === "kaggle" && options.kaggle) {
      return kaggleFile(options.kaggle, entry.origin, cacheName(entry));
    }
    return { url: new URL(entry.origin, seabornRoot), name: cacheName(entry) };
  }

  return {
    /** The catalog as `datasets.list` shows it. */
    listDatasets(): Promise<Dataset[]> {
      return Promise.all(
        entries.map(async (entry) => ({
          id: entry.id,
          title: entry.title,
          description: entry.description,
          source: entry.source,
          fileName: entry.fileName,
          format: entry.format,
          sizeBytes: await (entry.source === "vega"
            ? sizeOf(path.join(options.vegaDir, entry.origin))
            : cache.sizeOf(cacheName(entry))),
          license: entry.license,
        })),
      );
    },

    /** The bytes of the dataset `id`; remote ones are downloaded first if the cache has none. */
    async openDataset(id: string): Promise<DatasetFile> {
      const dataset = byId.get(id);
      if (!dataset) return { status: "not-found" };
      if (dataset.source === "vega") {
        return { status: "ok", dataset, ...(await openFile(path.join(options.vegaDir, dataset.origin))) };
      }
      const file = await cache.get(remoteFile(dataset));
      return { ...file, dataset };
    },
  };
}

/** A file of Kaggle's download API (`<owner>/<dataset>/<file>`), with the account's basic auth. */
function kaggleFile({ apiUrl, username, key }: KaggleAccount, origin: string, name: string): RemoteFile {
  const url = new URL(`datasets/download/${origin}`, directoryUrl(apiUrl));
  return {
    url,
    name,
    headers: { authorization: `Basic ${Buffer.from(`${username}:${key}`).toString("base64")}` },
    // Kaggle's API may answer a file as a zip archive. Unpacking one is left for when it is
    // needed: the catalog picks small CSV files, and a zip is refused rather than served as CSV.
    refuse: ({ contentType, head }) =>
      contentType?.startsWith("application/zip") || ZIP_MAGIC.equals(head.subarray(0, ZIP_MAGIC.length))
        ? `${url.host} sent a zip archive, which Ada does not unpack`
        : undefined,
  };
}

/** Kaggle is offered only when both credentials are set. */
export function kaggleAccount(
  variables: Pick<typeof env, "KAGGLE_API_URL" | "KAGGLE_USERNAME" | "KAGGLE_KEY">,
): KaggleAccount | undefined {
  const { KAGGLE_API_URL: apiUrl, KAGGLE_USERNAME: username, KAGGLE_KEY: key } = variables;
  return username && key ? { apiUrl, username, key } : undefined;
}

export const { listDatasets, openDataset } = createDatasets({
  // From the project root, where the standalone server has its traced copy too (next.config.ts):
  // the package exports no file paths, and a bundler's require.resolve is not Node's.
  vegaDir: path.join(process.cwd(), "node_modules", "vega-datasets", "data"),
  seabornUrl: env.SEABORN_DATA_URL,
  kaggle: kaggleAccount(env),
  dir: env.DATASETS_DIR ?? path.resolve(env.DATA_DIR, "datasets"),
  timeoutMs: env.DATASET_TIMEOUT_MS,
  maxBytes: env.DATASET_MAX_BYTES,
});
