/** Structured JSON logs (pino). Request-scoped children carry the request id set by proxy.ts. */
import pino from "pino";
import { env } from "./env.ts";
import { REQUEST_ID_HEADER } from "./request-id.ts";

export const logger = pino({
  level: env.NODE_ENV === "test" ? "warn" : env.LOG_LEVEL,
  base: { service: "ada" },
  redact: {
    paths: ["*.authorization", "*.cookie", "*.password", "*.key", "*.token", "*.secret"],
    censor: "[redacted]",
  },
});

export function requestLogger(headers: Headers) {
  return logger.child({ reqId: headers.get(REQUEST_ID_HEADER) ?? undefined });
}
