import "server-only";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import type { ChatRequest } from "#common/chat-schema.ts";
import type { Model } from "../models.ts";

type UpstreamCall = {
  request: ChatRequest;
  model: Model;
  /** The output cap the reservation pays for; always sent upstream. */
  maxTokens: number;
  signal: AbortSignal;
};

/**
 * One interface per provider. `stream` resolves once the provider has accepted the request (it
 * rejects on an HTTP error) and yields OpenAI chunks; the last chunk carries usage when the
 * provider sends it.
 */
export type ProviderAdapter = {
  countPromptTokens(request: ChatRequest, model: Model): Promise<number>;
  stream(call: UpstreamCall): Promise<AsyncIterable<ChatCompletionChunk>>;
};

/** An upstream refusal with the provider's status and message (the SDKs' APIError carries both). */
export function upstreamStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown })?.status;
  return typeof status === "number" ? status : undefined;
}
