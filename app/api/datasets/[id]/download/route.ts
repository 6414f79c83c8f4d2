import { serveDataset } from "#server/datasets/serve-dataset.ts";
import { jsonRoute } from "#server/http/json-route.ts";

export const dynamic = "force-dynamic";

export const GET = jsonRoute<{ id: string }>(({ request, params, log }) =>
  serveDataset(request, params.id, log),
);
