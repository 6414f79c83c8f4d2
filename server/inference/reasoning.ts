/**
 * Hidden reasoning. OpenAI's reasoning models (the o-series, GPT-5 and later) think in tokens the
 * stream never shows, billed as output. When a stream ends without the provider's usage (the
 * client hung up, the provider broke off), the gateway cannot see them, so it charges a
 * conservative estimate: the model is taken to have been thinking, at THINKING_TOKENS_PER_SECOND,
 * for the whole time from the provider's acceptance to its first visible output (or to the cut,
 * when none came), up to the output the reservation still covers. Anthropic models do not think
 * unless asked, and the gateway never asks.
 */
import "server-only";
import type { Model } from "./models.ts";

/** The fast end of the served reasoning models' output rates, so the estimate errs high. */
export const THINKING_TOKENS_PER_SECOND = 250;

/** OpenAI reasoning models by upstream name, also behind a routing prefix (`openai/gpt-5…`). */
const REASONING_UPSTREAM = /(^|\/)(o\d|gpt-[5-9])/i;

export function hasHiddenReasoning(model: Pick<Model, "provider" | "upstream">) {
  return model.provider === "openai" && REASONING_UPSTREAM.test(model.upstream);
}

/** Reasoning tokens assumed for `thinkingMs` of silence, never more than `allowance`. */
export function estimateHiddenReasoning(thinkingMs: number, allowance: number) {
  const tokens = Math.ceil((Math.max(0, thinkingMs) / 1000) * THINKING_TOKENS_PER_SECOND);
  return Math.max(0, Math.min(allowance, tokens));
}
