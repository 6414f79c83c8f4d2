/**
 * A `fetch` that hands requests straight to the app's route handlers (test code). Real clients
 * (the `openai` SDK) run unchanged against the real routes, with no HTTP server in between.
 */
import * as datasetDownload from "../api/datasets/[id]/download/route.ts";
import * as inference from "../api/inference/route.ts";
import * as sync from "../api/sync/[table]/route.ts";
import * as completions from "../api/v1/chat/completions/route.ts";
import * as models from "../api/v1/models/route.ts";

type Handler = (request: Request) => Promise<Response> | Response;
const routes: Record<string, Partial<Record<"GET" | "POST" | "DELETE", Handler>>> = {
  "/api/inference": inference,
  "/api/v1/chat/completions": completions,
  "/api/v1/models": models,
};

export const APP_ORIGIN = "http://localhost:3000";

export const routeFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const path = new URL(request.url).pathname;
  const table = /^\/api\/sync\/([^/]+)$/.exec(path)?.[1];
  if (table && request.method === "GET") return sync.GET(request, { params: Promise.resolve({ table }) });
  const dataset = /^\/api\/datasets\/([^/]+)\/download$/.exec(path)?.[1];
  if (dataset && request.method === "GET") {
    return datasetDownload.GET(request, { params: Promise.resolve({ id: decodeURIComponent(dataset) }) });
  }
  const handler = routes[path]?.[request.method as "GET" | "POST" | "DELETE"];
  if (!handler) return new Response("no such route", { status: 404 });
  return handler(request);
};
