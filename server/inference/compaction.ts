/**
 * When a session's conversation nears its model's context window, its older turns are replaced
 * by a summary written by the model (compact-session.ts does the calls; this file decides, as
 * pure functions). Turns are cut only where a user message starts, so a tool call always travels
 * with its result. The stored transcript keeps every turn; only what the model is sent shrinks.
 */

import "server-only";
import type { ChatMessage } from "#common/chat-schema.ts";
import type { Model } from "./models.ts";

/** Output room kept free when judging how full the window is (a long answer needs space too). */
const OUTPUT_ROOM = 16_000;
/** Compact once the prompt fills this share of the window left after the output room. */
export const COMPACT_AT = 0.75;
/** The recent turns kept word for word fill at most this share of it. */
export const KEEP_SHARE = 0.3;
/** What the summary may take (in output tokens). */
export const SUMMARY_TOKENS = 4_000;

export const SUMMARY_PREFIX =
  "Summary of the earlier part of this conversation (older turns were compacted):\n\n";

/** The prompt tokens a session's request may take before its older turns are compacted. */
export function compactionThreshold(model: Pick<Model, "contextWindow" | "maxOutputTokens">) {
  const usable = model.contextWindow - Math.min(model.maxOutputTokens, OUTPUT_ROOM);
  return Math.floor(Math.max(usable, model.contextWindow / 2) * COMPACT_AT);
}

export const needsCompaction = (
  promptTokens: number,
  model: Pick<Model, "contextWindow" | "maxOutputTokens">,
) => promptTokens > compactionThreshold(model);

const isInstruction = (message: ChatMessage) => message.role === "system" || message.role === "developer";

/** The index of the `n`-th user message (0-based) in `messages`, or -1. */
function userIndex(messages: ChatMessage[], n: number) {
  let seen = -1;
  return messages.findIndex((message) => message.role === "user" && ++seen === n);
}

/**
 * Where to cut: the index of the first message kept word for word, the start of a user turn
 * chosen so that the turns kept take at most KEEP_SHARE of the threshold, always keeping the
 * last user turn. Null when there is nothing older to compact (a single turn).
 */
export function compactionCut(
  messages: ChatMessage[],
  tokensOf: (message: ChatMessage) => number,
  model: Pick<Model, "contextWindow" | "maxOutputTokens">,
) {
  const budget = compactionThreshold(model) * KEEP_SHARE;
  const firstTurn = messages.findIndex((message) => !isInstruction(message));
  let cut: number | null = null;
  let kept = 0;
  for (let index = messages.length - 1; index > firstTurn; index--) {
    const message = messages[index];
    if (!message) continue;
    kept += tokensOf(message);
    if (message.role !== "user") continue;
    if (cut !== null && kept > budget) break;
    cut = index;
  }
  return cut;
}

/** How many user turns the messages before `cut` hold (a summary message counts for what it stands for). */
export function turnsBefore(messages: ChatMessage[], cut: number, summarizedTurns: number) {
  const users = messages.slice(0, cut).filter((message) => message.role === "user").length;
  return summarizedTurns > 0 ? summarizedTurns + users - 1 : users;
}

/**
 * The request's messages with a summary standing for the first `turns` user turns: the
 * instructions, the summary (as a user message), then the conversation from turn `turns + 1` on.
 */
export function withSummary(messages: ChatMessage[], summary: string, turns: number): ChatMessage[] {
  const from = userIndex(messages, turns);
  if (from < 0) return messages;
  return [
    ...messages.filter(isInstruction),
    { role: "user", content: `${SUMMARY_PREFIX}${summary}` },
    ...messages.slice(from),
  ];
}

/** The older turns as plain text for the summariser, newest kept when it must be shortened. */
export function transcriptText(messages: ChatMessage[], maxChars: number) {
  const lines = messages
    .filter((message) => !isInstruction(message))
    .map((message) => {
      const text =
        typeof message.content === "string" ? message.content : JSON.stringify(message.content ?? "");
      const calls =
        message.role === "assistant" && message.tool_calls?.length
          ? `\n[tool calls: ${JSON.stringify(message.tool_calls.map((call) => (call.type === "function" ? call.function : call)))}]`
          : "";
      return `${message.role.toUpperCase()}: ${text}${calls}`;
    });
  const text = lines.join("\n\n");
  return text.length > maxChars ? `[earliest part omitted]\n${text.slice(text.length - maxChars)}` : text;
}

export const SUMMARIZER_PROMPT =
  "You compact a data analysis conversation between a user and an assistant that runs Python. " +
  "Summarise it so that the conversation can go on without it: the user's goals and questions, " +
  "the data files and columns involved, what code was run and what it found (key numbers " +
  "verbatim), variables defined, decisions and open questions. Be concise and factual; use Markdown.";
