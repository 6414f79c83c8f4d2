/**
 * Prompt-size estimates for the reservation. OpenAI-family models use their real tokenizer
 * (o200k_base); for others the same count is scaled up, since under-estimating is what lets a
 * request spend past its reservation. Counting goes through token-count.ts: bounded pieces,
 * special-token lookalikes as plain text, and (for the gateway's own estimates) slices that leave
 * the event loop free, within a time budget.
 */
import "server-only";
import { type ChatRequest, contentText } from "#common/chat-schema.ts";
import { countText, countTexts } from "./token-count.ts";

/** Per-message framing tokens (role markers), as OpenAI documents for its chat format. */
const PER_MESSAGE = 4;
const REPLY_PRIMING = 3;
/** A flat allowance per image part; providers bill images by size, up to roughly this. */
const PER_IMAGE = 1_600;
/** How much larger than o200k other tokenizers can count the same text. */
export const FOREIGN_TOKENIZER_MARGIN = 1.3;

/** What of a request reaches the model as input. */
type PromptParts = Pick<ChatRequest, "messages" | "tools"> & { response_format?: unknown };

/** The texts the model reads, and the tokens around them (framing, images). */
function promptTexts(request: PromptParts) {
  const texts: string[] = [];
  let fixed = REPLY_PRIMING;
  for (const message of request.messages) {
    fixed += PER_MESSAGE;
    texts.push(contentText(message.content));
    if (message.role === "user" && Array.isArray(message.content)) {
      fixed += message.content.filter((part) => part.type === "image_url").length * PER_IMAGE;
    }
    if (message.role === "assistant") {
      for (const call of message.tool_calls ?? []) {
        texts.push(call.function.name, call.function.arguments);
        fixed += PER_MESSAGE;
      }
    }
  }
  if (request.tools?.length) texts.push(JSON.stringify(request.tools));
  if (request.response_format != null) texts.push(JSON.stringify(request.response_format));
  return { texts, fixed };
}

/** The prompt's tokens, counted on the spot in one go (tests and benchmarks; the gateway uses the estimate below). */
export function countPromptTokens(request: PromptParts) {
  const { texts, fixed } = promptTexts(request);
  return texts.reduce((total, text) => total + countText(text), fixed);
}

/** The gateway's estimate: the same count, in slices, bounded by bytes past the time budget. */
export async function estimatePromptTokens(request: PromptParts) {
  const { texts, fixed } = promptTexts(request);
  return fixed + (await countTexts(texts));
}

export async function estimateForeignPromptTokens(request: PromptParts) {
  return Math.ceil((await estimatePromptTokens(request)) * FOREIGN_TOKENIZER_MARGIN);
}

/** Tokens of text the model produced, counted on the spot. */
export function countCompletionTokens(text: string) {
  return countText(text);
}

/** Tokens of a cut stream's output (no usage from the provider), in slices like the prompt's. */
export function estimateCompletionTokens(text: string) {
  return countTexts([text]);
}
