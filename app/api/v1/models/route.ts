import { serveModels } from "#server/inference/routes.ts";

export const dynamic = "force-dynamic";

export const GET = serveModels;
