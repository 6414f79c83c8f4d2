import { z } from "zod";
import { activityCsv, activityFilter } from "#server/admin/activity.ts";
import { isAdmin } from "#server/auth/access.ts";
import { auth } from "#server/auth/auth.ts";
import { requestLogger } from "#server/logger.ts";

export const dynamic = "force-dynamic";

const noStore = { "cache-control": "no-store" };

/**
 * The activity log as CSV, filtered like the page (`accountId`, `model`, `status`, `from`, `to`),
 * streamed in batches. Anyone but an admin gets a 404, as from every admin surface.
 */
export async function GET(request: Request) {
  const session = await auth.api.getSession({ headers: request.headers });
  if (!session || !isAdmin(session.user)) {
    return Response.json({ error: "Not found." }, { status: 404, headers: noStore });
  }
  // An empty form field arrives as `?model=`: it filters nothing.
  const params = [...new URL(request.url).searchParams].filter(([, value]) => value !== "");
  const filter = activityFilter.safeParse(Object.fromEntries(params));
  if (!filter.success) {
    return Response.json(
      { error: "Invalid filter.", issues: z.flattenError(filter.error).fieldErrors },
      { status: 400, headers: noStore },
    );
  }

  const log = requestLogger(request.headers);
  const lines = activityCsv(filter.data);
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
      ...noStore,
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="ada-activity-${day}.csv"`,
    },
  });
}
