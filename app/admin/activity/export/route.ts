import { serveActivityExport } from "#server/admin/activity-export.ts";

export const dynamic = "force-dynamic";

export const GET = serveActivityExport;
