/** Structured JSON logs (pino). Request-scoped children carry the request id set by proxy.ts. */
import "server-only";
import pino from "pino";
import { env } from "./env.ts";
import { REQUEST_ID_HEADER } from "./request-id.ts";

export const logger = pino({
  // Tests assert on outcomes; the failures they provoke on purpose would only be noise.
  level: env.LOG_LEVEL ?? (env.NODE_ENV === "test" ? "error" : "info"),
  base: { service: "ada" },
  redact: {
    paths: ["*.authorization", "*.cookie", "*.password", "*.key", "*.token", "*.secret"],
    censor: "[redacted]",
  },
});

export function requestLogger(headers: Headers) {
  return logger.child({ reqId: headers.get(REQUEST_ID_HEADER) ?? undefined });
}
