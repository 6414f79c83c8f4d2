import "server-only";
import OpenAI from "openai";
import { demoFetch } from "../demo/endpoint.ts";
import { openaiCompatibleProvider } from "./openai.ts";

/**
 * The scripted offline demo, through the same OpenAI client code as a real provider; only the
 * `fetch` underneath is in-process (demo/endpoint.ts). The base URL is never resolved.
 */
export const demoProvider = openaiCompatibleProvider(
  new OpenAI({ apiKey: "demo", baseURL: "http://ada-demo.invalid/v1", fetch: demoFetch, maxRetries: 0 }),
  "max_tokens",
);
