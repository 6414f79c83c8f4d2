/** What the gateway answers when the provider times out, goes quiet or fails (OpenAI's error shape). */

import "server-only";
import { messageOf } from "#common/error-message.ts";
import { env } from "../env.ts";
import { cleanErrorText } from "../error-text.ts";
import { GatewayError, invalidRequest } from "./gateway-error.ts";
import type { Model } from "./models.ts";
import { upstreamStatus } from "./providers/provider.ts";

export function upstreamTimeout(model: Model, accepted: boolean) {
  const charge = accepted
    ? "sent nothing in time; its prompt was charged"
    : "did not answer in time; nothing was charged";
  return new GatewayError(504, "upstream_error", `${model.provider} ${charge}.`, "upstream_timeout");
}

export function upstreamIdle(model: Model) {
  return new GatewayError(
    504,
    "upstream_error",
    `${model.provider} sent nothing for ${env.UPSTREAM_IDLE_TIMEOUT_MS / 1000} s; the answer was cut and charged for what it had sent.`,
    "upstream_timeout",
  );
}

/**
 * Provider refusals of the request itself stay 400s with the provider's words (cleaned, as any
 * provider text we pass on); anything else is the provider's fault (502) and its message, which
 * may echo our credentials, stays in the log.
 */
export function upstreamFailure(model: Model, error: unknown) {
  const status = upstreamStatus(error);
  if (status === 400) {
    return invalidRequest(`${model.provider} rejected the request: ${cleanErrorText(messageOf(error))}`);
  }
  const what = status ? `answered ${status}` : "could not be reached or broke off";
  return new GatewayError(502, "upstream_error", `The ${model.provider} provider ${what}.`, "upstream_error");
}
