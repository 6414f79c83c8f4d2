import { serveDataset } from "#server/datasets/serve-dataset.ts";

export const dynamic = "force-dynamic";

export const GET = serveDataset;
