import { isBanned } from "#server/auth/access.ts";
import { auth } from "#server/auth/auth.ts";
import { contentTypes, datasetId } from "#server/datasets/catalog.ts";
import { type DatasetFile, openDataset } from "#server/datasets/datasets.ts";
import { refuse, serveFile } from "#server/files/file-response.ts";
import { requestLogger } from "#server/logger.ts";

export const dynamic = "force-dynamic";

/** A catalog dataset's file, for the browser to write under /data. No quota: it costs no tokens. */
export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  const { id } = await context.params;
  const session = await auth.api.getSession({ headers: request.headers });
  if (!session) return refuse(401, "Sign-in required.");
  if (isBanned(session.user)) return refuse(403, "This account is banned.");

  const log = requestLogger(request.headers);
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
}
