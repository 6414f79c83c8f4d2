/**
 * Prompt-size estimates for the reservation. OpenAI-family models use their real tokenizer
 * (o200k_base); for others the same count is scaled up, since under-estimating is what lets a
 * request spend past its reservation.
 */
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { type ChatRequest, contentText } from "./openai-schema.ts";

/** Per-message framing tokens (role markers), as OpenAI documents for its chat format. */
const PER_MESSAGE = 4;
const REPLY_PRIMING = 3;
/** A flat allowance per image part; providers bill images by size, up to roughly this. */
const PER_IMAGE = 1_600;
/** How much larger than o200k other tokenizers can count the same text. */
export const FOREIGN_TOKENIZER_MARGIN = 1.3;

/** What of a request reaches the model as input. */
type PromptParts = Pick<ChatRequest, "messages" | "tools"> & { response_format?: unknown };

export function countPromptTokens(request: PromptParts) {
  let total = REPLY_PRIMING;
  for (const message of request.messages) {
    total += PER_MESSAGE + countTokens(contentText(message.content));
    if (message.role === "user" && Array.isArray(message.content)) {
      total += message.content.filter((part) => part.type === "image_url").length * PER_IMAGE;
    }
    if (message.role === "assistant") {
      for (const call of message.tool_calls ?? []) {
        total += countTokens(call.function.name) + countTokens(call.function.arguments) + PER_MESSAGE;
      }
    }
  }
  if (request.tools?.length) total += countTokens(JSON.stringify(request.tools));
  if (request.response_format != null) total += countTokens(JSON.stringify(request.response_format));
  return total;
}

export function countForeignPromptTokens(request: PromptParts) {
  return Math.ceil(countPromptTokens(request) * FOREIGN_TOKENIZER_MARGIN);
}

/** Tokens of text the model produced (used when a stream is cut before the provider's usage). */
export function countCompletionTokens(text: string) {
  return countTokens(text);
}
