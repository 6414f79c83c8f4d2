/**
 * The offline demo's endpoint: a `fetch` that answers `POST …/chat/completions` in-process on
 * OpenAI's wire protocol (SSE chunks, tool-call deltas, finish reason, usage, `[DONE]`). The real
 * `openai` client runs against it unchanged, so the demo takes the OpenAI provider's code path
 * with no network and no port.
 */
import "server-only";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { type ChatRequest, chatRequestSchema } from "#common/chat-schema.ts";
import { countCompletionTokens, estimatePromptTokens } from "../estimate.ts";
import { encodeDone, encodeEvent, SSE_HEADERS } from "../sse.ts";
import { type DemoReply, demoReply } from "./script.ts";

/** The pause before each piece, so the answer visibly streams. */
const PIECE_DELAY_MS = 20;
const ARGUMENT_PIECE_CHARS = 48;
const TOOL_NAME = "python_run";

type Delta = ChatCompletionChunk.Choice.Delta;

/** Always answers with a stream: the only caller is the OpenAI provider, which always asks for one. */
export const demoFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  if (request.method !== "POST" || !new URL(request.url).pathname.endsWith("/chat/completions")) {
    return new Response(null, { status: 404 });
  }
  // The gateway validated this body already; parsing again gives it its type.
  const body = chatRequestSchema.parse(await request.json());
  return new Response(streamOf(events(body, request.signal)), { headers: SSE_HEADERS });
};

/** Bytes pulled from `source` as the reader asks for them; a rejection (an abort) errors the stream. */
function streamOf(source: AsyncGenerator<Uint8Array>) {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await source.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() {
      await source.return(undefined);
    },
  });
}

async function* events(request: ChatRequest, signal: AbortSignal) {
  const id = `chatcmpl-demo-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const chunk = (choices: ChatCompletionChunk.Choice[]): ChatCompletionChunk => ({
    id,
    object: "chat.completion.chunk",
    created,
    model: request.model,
    choices,
  });
  const choice = (delta: Delta, finish: ChatCompletionChunk.Choice["finish_reason"] = null) =>
    chunk([{ index: 0, delta, finish_reason: finish, logprobs: null }]);

  const reply = demoReply(request.messages);
  // Like a real provider, stop at the output cap the reservation paid for.
  const cap = request.max_completion_tokens ?? request.max_tokens ?? Number.POSITIVE_INFINITY;
  let finish: "stop" | "tool_calls" | "length" = reply.code === undefined ? "stop" : "tool_calls";
  let generated = "";

  yield encodeEvent(choice({ role: "assistant", content: "" }));
  for (const piece of pieces(reply)) {
    if (countCompletionTokens(generated + piece.text) > cap) {
      finish = "length";
      break;
    }
    await sleep(PIECE_DELAY_MS, undefined, { signal });
    generated += piece.text;
    yield encodeEvent(choice(piece.delta));
  }
  yield encodeEvent(choice({}, finish));
  if (request.stream_options?.include_usage) {
    // The gateway's own estimate: in slices, never blocking on a huge prompt.
    const prompt = await estimatePromptTokens(request);
    const completion = countCompletionTokens(generated);
    yield encodeEvent({
      ...chunk([]),
      usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
    });
  }
  yield encodeDone();
}

/**
 * The reply as OpenAI streams it: text a word at a time, then the tool call — id and name on its
 * first delta, the JSON arguments over the following ones. `text` is what each piece generates.
 */
function* pieces(reply: DemoReply): Generator<{ delta: Delta; text: string }> {
  for (const word of reply.text.match(/\s*\S+/g) ?? []) yield { delta: { content: word }, text: word };
  if (reply.code === undefined) return;
  const callId = `call_${randomUUID().replaceAll("-", "")}`;
  yield {
    delta: {
      tool_calls: [{ index: 0, id: callId, type: "function", function: { name: TOOL_NAME, arguments: "" } }],
    },
    text: TOOL_NAME,
  };
  const args = JSON.stringify({ code: reply.code });
  for (let at = 0; at < args.length; at += ARGUMENT_PIECE_CHARS) {
    const text = args.slice(at, at + ARGUMENT_PIECE_CHARS);
    yield { delta: { tool_calls: [{ index: 0, function: { arguments: text } }] }, text };
  }
}
