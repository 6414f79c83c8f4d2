import "server-only";
import type { Refusal } from "../quota/reservations.ts";
import { banned, GatewayError, invalidKey } from "./gateway-error.ts";
import type { Model } from "./models.ts";

/** OpenAI-style rate-limit headers, in quota tokens. */
export function quotaHeaders(
  limit: number,
  remaining: number,
  resetsAt?: Date | null,
): Record<string, string> {
  return {
    "x-ratelimit-limit-tokens": String(limit),
    "x-ratelimit-remaining-tokens": String(Math.max(0, remaining)),
    ...(resetsAt ? { "x-ratelimit-reset-tokens": resetsAt.toISOString() } : {}),
  };
}

export function refusalError(refusal: Refusal, model: Model) {
  if (refusal.reason === "banned") return banned();
  if (refusal.reason === "revoked") return invalidKey();
  const headers = quotaHeaders(refusal.limitTokens, refusal.remainingTokens, refusal.resetsAt);
  if (refusal.reason === "concurrency") {
    return new GatewayError(
      429,
      "rate_limit_exceeded",
      "Too many requests are streaming for this account at once; wait for one to finish.",
      "concurrent_requests_exceeded",
      null,
      headers,
    );
  }
  const resets = refusal.resetsAt ? ` It resets at ${refusal.resetsAt.toISOString()}.` : "";
  return new GatewayError(
    429,
    "insufficient_quota",
    `Not enough quota for a ${model.id} answer: ${refusal.remainingTokens} of ${refusal.limitTokens} tokens remain today.${resets}`,
    "insufficient_quota",
    null,
    headers,
  );
}
