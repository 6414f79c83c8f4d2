import { serveActivityExport } from "#server/admin/activity-export.ts";
import { jsonRoute } from "#server/http/json-route.ts";

export const dynamic = "force-dynamic";

export const GET = jsonRoute(({ request, log }) => serveActivityExport(request, log));
