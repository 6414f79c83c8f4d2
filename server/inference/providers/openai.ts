import "server-only";
import OpenAI from "openai";
import { env } from "../../env.ts";
import { estimatePromptTokens } from "../estimate.ts";
import type { ProviderAdapter } from "./provider.ts";

const PASSED_THROUGH = [
  "temperature",
  "top_p",
  "stop",
  "tools",
  "tool_choice",
  "parallel_tool_calls",
  "user",
  "seed",
  "presence_penalty",
  "frequency_penalty",
  "logit_bias",
  "response_format",
  "reasoning_effort",
] as const;

/**
 * An adapter over an OpenAI client: the request passes through, usage is always requested, and
 * the output cap goes as `outputCapParam`.
 */
export function openaiCompatibleProvider(
  client: OpenAI,
  outputCapParam: "max_tokens" | "max_completion_tokens",
): ProviderAdapter {
  return {
    countPromptTokens: (request) => estimatePromptTokens(request),

    async stream({ request, model, maxTokens, signal }) {
      // Only parameters the estimate accounts for and that cost nothing extra pass through.
      const passed = Object.fromEntries(
        PASSED_THROUGH.filter((name) => request[name] != null).map((name) => [name, request[name]]),
      );
      return client.chat.completions.create(
        {
          ...passed,
          messages: request.messages,
          model: model.upstream,
          stream: true,
          stream_options: { include_usage: true },
          [outputCapParam]: maxTokens,
        } as OpenAI.Chat.ChatCompletionCreateParamsStreaming,
        { signal },
      );
    },
  };
}

/**
 * OpenAI and any OpenAI-compatible server. OpenAI's current models take `max_completion_tokens`;
 * OpenAI-compatible servers (Ollama, vLLM, OpenRouter…) reliably understand the older `max_tokens`.
 */
export const openaiProvider = openaiCompatibleProvider(
  new OpenAI({
    apiKey: env.OPENAI_API_KEY ?? "unset",
    baseURL: env.OPENAI_BASE_URL,
    maxRetries: 0,
    timeout: env.UPSTREAM_TIMEOUT_MS,
  }),
  env.OPENAI_BASE_URL ? "max_tokens" : "max_completion_tokens",
);
