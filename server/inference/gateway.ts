/**
 * The inference gateway's core: validate → estimate → reserve quota atomically, together with
 * the user's turn (so a refused request stores nothing) → stream from the provider → settle the
 * real charge, the assistant's answer and the usage row in one transaction. The routes only
 * authenticate and call `completeChat`.
 */

import "server-only";
import { type ChatMessage, type ChatRequest, chatRequestSchema, contentText } from "#common/chat-schema.ts";
import { reserveTurn } from "../agent/reserve-turn.ts";
import { env } from "../env.ts";
import { countRefusal } from "../quota/refusals.ts";
import { reserve } from "../quota/reservations.ts";
import { compactSession } from "./compact-session.ts";
import { invalidRequest, tooLarge } from "./gateway-error.ts";
import type { GatewayIdentity } from "./gateway-route.ts";
import { detachable, relayAnswer } from "./in-flight.ts";
import { findModel, type Model } from "./models.ts";
import { anthropicProvider } from "./providers/anthropic.ts";
import { demoProvider } from "./providers/demo.ts";
import { openaiProvider } from "./providers/openai.ts";
import type { ProviderAdapter } from "./providers/provider.ts";
import { quotaHeaders, refusalError } from "./quota-response.ts";
import { toolResultBytes } from "./tool-result-bytes.ts";
import { type GatewayCaller, type RunOptions, UpstreamRun } from "./upstream-run.ts";

const providers: Record<Model["provider"], ProviderAdapter> = {
  openai: openaiProvider,
  anthropic: anthropicProvider,
  demo: demoProvider,
};

/** Below this many output tokens an answer is not worth starting; the request gets a 429 instead. */
const MIN_USEFUL_OUTPUT = 256;

export function parseChatRequest(body: unknown): ChatRequest {
  const parsed = chatRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = issue?.path.join(".") || null;
    throw invalidRequest(`Invalid request: ${param ? `${param}: ` : ""}${issue?.message}`, param);
  }
  checkMessageSizes(parsed.data.messages);
  return parsed.data;
}

/** Each message, as JSON, within MAX_MESSAGE_BYTES: one message is what one transcript row stores. */
function checkMessageSizes(messages: ChatMessage[]) {
  messages.forEach((message, index) => {
    const bytes = Buffer.byteLength(JSON.stringify(message));
    if (bytes > env.MAX_MESSAGE_BYTES) {
      throw tooLarge(
        `messages[${index}] takes ${bytes} bytes as JSON; one message may take at most ${env.MAX_MESSAGE_BYTES}.`,
        "message_too_large",
        `messages.${index}`,
      );
    }
  });
}

function resolveModel(id: string) {
  const model = findModel(id);
  if (!model) {
    throw invalidRequest(
      `The model '${id}' does not exist or is not served here (see GET /api/v1/models).`,
      "model",
      "model_not_found",
    );
  }
  return model;
}

/**
 * Answers one Chat Completions request. With `transcript` (the browser route) the request
 * continues the given agent session, or starts one, named in `X-Session-Id`; its new turn is
 * stored only once the quota is reserved.
 */
export async function completeChat(
  identity: GatewayIdentity,
  request: ChatRequest,
  options: RunOptions,
  transcript?: { sessionId: string | undefined },
): Promise<Response> {
  const model = resolveModel(request.model);
  const provider = providers[model.provider];
  const countPrompt = (prompt: ChatRequest) => provider.countPromptTokens(prompt, model);
  // A long session's older turns reach the model as a summary; the transcript keeps them all.
  const { request: upstream, promptEstimate } = transcript?.sessionId
    ? await compactSession(
        { accountId: identity.accountId, sessionId: transcript.sessionId },
        request,
        model,
        {
          complete: (summary) => completeChat(identity, summary, options),
          countPrompt,
        },
      )
    : { request, promptEstimate: await countPrompt(request) };
  if (promptEstimate >= model.contextWindow) {
    throw invalidRequest(
      `The messages use about ${promptEstimate} tokens; ${model.id} reads at most ${model.contextWindow}.`,
      "messages",
      "context_length_exceeded",
    );
  }
  const wantedOutput = Math.min(
    request.max_completion_tokens ?? request.max_tokens ?? model.maxOutputTokens,
    model.maxOutputTokens,
    model.contextWindow - promptEstimate,
  );
  const weigh = (tokens: number) => Math.ceil(tokens * model.tokenWeight);
  const want = {
    accountId: identity.accountId,
    keyId: identity.keyId,
    provider: model.provider,
    model: model.id,
    want: weigh(promptEstimate + wantedOutput),
    atLeast: weigh(promptEstimate + Math.min(MIN_USEFUL_OUTPUT, wantedOutput)),
    promptEstimate,
    toolResultBytes: toolResultBytes(upstream),
    maxOpenStreams: env.MAX_OPEN_STREAMS,
  };
  const { reservation, sessionId } = transcript
    ? await reserveTurn(want, {
        sessionId: transcript.sessionId,
        messages: request.messages,
        firstUserText: contentText(request.messages.find((m) => m.role === "user")?.content ?? ""),
      })
    : { reservation: await reserve({ ...want, sessionId: null }), sessionId: null };
  if (!("usageLogId" in reservation)) {
    if (reservation.reason === "quota" || reservation.reason === "concurrency") {
      countRefusal(identity.accountId, reservation.reason).catch((error: unknown) =>
        options.log.warn({ err: error }, "could not count a refusal"),
      );
    }
    throw refusalError(reservation, model);
  }

  const caller: GatewayCaller = { ...identity, agentSessionId: sessionId };
  // A session's streamed answer outlives its first reader's connection (in-flight.ts).
  const relay = sessionId && request.stream ? detachable(options.signal) : null;
  const run = new UpstreamRun(
    caller,
    model,
    reservation.usageLogId,
    reservation.granted,
    promptEstimate,
    relay ? { ...options, signal: relay.stop.signal } : options,
  );
  const maxTokens = Math.floor(reservation.granted / model.tokenWeight) - promptEstimate;
  const headers = {
    ...options.headers,
    ...(sessionId ? { "x-session-id": sessionId } : {}),
    ...quotaHeaders(reservation.limitTokens, reservation.limitTokens - reservation.usedTokens),
  };
  const first = await run.start(provider, upstream, maxTokens);
  if (!request.stream) return run.jsonResponse(first, headers);
  const response = run.streamResponse(first, Boolean(request.stream_options?.include_usage), headers);
  return relay && sessionId
    ? relayAnswer({ accountId: identity.accountId, sessionId }, response, relay)
    : response;
}
