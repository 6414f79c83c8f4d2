import { servePythonPackage } from "#server/python/serve-package.ts";

export const dynamic = "force-dynamic";

export const GET = servePythonPackage;
