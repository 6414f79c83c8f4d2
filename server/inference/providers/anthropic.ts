import "server-only";
import Anthropic from "@anthropic-ai/sdk";
import { env } from "../../env.ts";
import { logger } from "../../logger.ts";
import { AnthropicStreamTranslator, toAnthropicRequest } from "../anthropic-translate.ts";
import { estimateForeignPromptTokens } from "../estimate.ts";
import type { ProviderAdapter } from "./provider.ts";

const client = new Anthropic({
  apiKey: env.ANTHROPIC_API_KEY ?? "unset",
  baseURL: env.ANTHROPIC_BASE_URL,
  maxRetries: 0,
  timeout: env.UPSTREAM_TIMEOUT_MS,
});

/** Counting is a network call before the answer can start, so it gets a short leash. */
const COUNT_TIMEOUT_MS = 1_500;

/** Anthropic's Messages API behind the OpenAI interface. */
export const anthropicProvider: ProviderAdapter = {
  async countPromptTokens(request, model) {
    const { messages, system, tools } = toAnthropicRequest(request, model.upstream, 1);
    try {
      const counted = await client.messages.countTokens(
        { model: model.upstream, messages, ...(system ? { system } : {}), ...(tools ? { tools } : {}) },
        { signal: AbortSignal.timeout(COUNT_TIMEOUT_MS) },
      );
      return counted.input_tokens;
    } catch (error) {
      logger.warn(
        { err: error, model: model.id },
        "Anthropic token count failed; using the conservative estimate",
      );
      return estimateForeignPromptTokens(request);
    }
  },

  async stream({ request, model, maxTokens, signal }) {
    const events = await client.messages.create(
      { ...toAnthropicRequest(request, model.upstream, maxTokens), stream: true },
      { signal },
    );
    return (async function* () {
      const translator = new AnthropicStreamTranslator(model.id);
      for await (const event of events) yield* translator.push(event);
    })();
  },
};
