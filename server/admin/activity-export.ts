/**
 * GET /admin/activity/export: the activity log as CSV, filtered like the page (`accountId`,
 * `model`, `status`, `from`, `to`), streamed in batches. Anyone but an admin gets a 404, as from
 * every admin surface.
 */
import "server-only";
import { signedInUser } from "../auth/route-access.ts";
import { parseInput, queryOf, routeHandler } from "../route-handler.ts";
import { activityCsv, activityFilter } from "./activity.ts";

export const serveActivityExport = routeHandler(async ({ request, log }) => {
  await signedInUser(request, "admin");
  const lines = activityCsv(parseInput(activityFilter, queryOf(request), "Invalid filter."));
  const encoder = new TextEncoder();
  // Pulled one line at a time, so a slow download holds back the database reads.
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        log.error({ err: error }, "activity export failed");
        controller.error(error);
      }
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "cache-control": "no-store",
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="ada-activity-${day}.csv"`,
    },
  });
});
