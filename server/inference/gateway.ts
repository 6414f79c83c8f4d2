/**
 * The inference gateway's core: validate → store the user's turn → estimate → reserve quota
 * atomically → stream from the provider → settle the real charge, the assistant's answer and the
 * usage row in one transaction. The routes only authenticate and call `completeChat`.
 */

import { appendUserTurn } from "../agent/transcript.ts";
import { env } from "../env.ts";
import { countRefusal } from "../quota/refusals.ts";
import { reserve } from "../quota/reservations.ts";
import { invalidRequest } from "./gateway-error.ts";
import { findModel, type Model } from "./models.ts";
import { type ChatRequest, chatRequestSchema } from "./openai-schema.ts";
import { anthropicProvider } from "./providers/anthropic.ts";
import { demoProvider } from "./providers/demo.ts";
import { openaiProvider } from "./providers/openai.ts";
import type { ProviderAdapter } from "./providers/provider.ts";
import { quotaHeaders, refusalError } from "./quota-response.ts";
import { type RunOptions, UpstreamRun } from "./upstream-run.ts";

const providers: Record<Model["provider"], ProviderAdapter> = {
  openai: openaiProvider,
  anthropic: anthropicProvider,
  demo: demoProvider,
};

/** Below this many output tokens an answer is not worth starting; the request gets a 429 instead. */
const MIN_USEFUL_OUTPUT = 256;

export type GatewayCaller = {
  accountId: string;
  keyId: string | null;
  /** The agent session whose transcript this request extends (browser route), if any. */
  agentSessionId: string | null;
};

export function parseChatRequest(body: unknown): ChatRequest {
  const parsed = chatRequestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = issue?.path.join(".") || null;
    throw invalidRequest(`Invalid request: ${param ? `${param}: ` : ""}${issue?.message}`, param);
  }
  return parsed.data;
}

export function resolveModel(id: string) {
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

export async function completeChat(caller: GatewayCaller, request: ChatRequest, options: RunOptions) {
  const model = resolveModel(request.model);
  const provider = providers[model.provider];
  if (caller.agentSessionId) await appendUserTurn(caller.agentSessionId, request.messages);

  const promptEstimate = await provider.countPromptTokens(request, model);
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
  const reservation = await reserve({
    accountId: caller.accountId,
    keyId: caller.keyId,
    sessionId: caller.agentSessionId,
    provider: model.provider,
    model: model.id,
    want: weigh(promptEstimate + wantedOutput),
    atLeast: weigh(promptEstimate + Math.min(MIN_USEFUL_OUTPUT, wantedOutput)),
    promptEstimate,
    maxOpenStreams: env.MAX_OPEN_STREAMS,
  });
  if (!("usageLogId" in reservation)) {
    if (reservation.reason === "quota" || reservation.reason === "concurrency") {
      countRefusal(caller.accountId, reservation.reason).catch((error: unknown) =>
        options.log.warn({ err: error }, "could not count a refusal"),
      );
    }
    throw refusalError(reservation, model);
  }

  const run = new UpstreamRun(
    caller,
    model,
    reservation.usageLogId,
    reservation.granted,
    promptEstimate,
    options,
  );
  const maxTokens = Math.floor(reservation.granted / model.tokenWeight) - promptEstimate;
  const headers = {
    ...options.headers,
    ...quotaHeaders(reservation.limitTokens, reservation.limitTokens - reservation.usedTokens),
  };
  const first = await run.start(provider, request, maxTokens);
  return request.stream
    ? run.streamResponse(first, Boolean(request.stream_options?.include_usage), headers)
    : run.jsonResponse(first, headers);
}
