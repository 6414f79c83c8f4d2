import { jsonRoute } from "#server/http/json-route.ts";
import { servePythonPackage } from "#server/python/serve-package.ts";

export const dynamic = "force-dynamic";

export const GET = jsonRoute<{ file: string }>(({ request, params, log }) =>
  servePythonPackage(request, params.file, log),
);
