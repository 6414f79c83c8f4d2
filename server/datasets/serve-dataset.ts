/** GET /api/datasets/[id]/download: a catalog dataset's file, for the browser to write under /data. No quota: it costs no tokens. */
import "server-only";
import { signedInUser } from "../auth/route-access.ts";
import { serveFile } from "../files/file-response.ts";
import { refuse, routeHandler } from "../route-handler.ts";
import { contentTypes, datasetId } from "./catalog.ts";
import { type DatasetFile, openDataset } from "./datasets.ts";

export const serveDataset = routeHandler<{ id: string }>(async ({ request, params: { id }, log }) => {
  await signedInUser(request, "account");
  const parsed = datasetId.safeParse(id);
  let found: DatasetFile = { status: "not-found" };
  try {
    if (parsed.success) found = await openDataset(parsed.data);
  } catch (error) {
    // The package's files or the cache directory failed (missing, permissions, full disk).
    log.error({ err: error, id }, "dataset cannot be read");
    return refuse(500, `Dataset ${id} cannot be served right now.`);
  }
  if (found.status === "not-found") return refuse(404, `There is no dataset "${id}".`);
  const { fileName } = found.dataset;
  if (found.status === "unavailable") {
    log.warn({ id, reason: found.reason }, "dataset unavailable");
    return refuse(502, `Dataset ${fileName} is not available: ${found.reason}`);
  }
  return serveFile(request, found, {
    "content-type": contentTypes[found.dataset.format],
    "content-disposition": `attachment; filename="${fileName}"`,
    // Private: only signed-in users get it. An hour, then a cheap revalidation by ETag.
    "cache-control": "private, max-age=3600",
  });
});
