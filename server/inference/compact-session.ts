/**
 * A long session's request before it goes upstream: the session's latest summary stands for the
 * turns it covers, and when the prompt still nears the model's window, the model is asked for a
 * new summary (its own request, charged to the user like any other), which is stored in the
 * transcript as a summary row (shown as "earlier turns, summarised"). The rows it stands for stay.
 */

import "server-only";
import { type ChatMessage, type ChatRequest, chatRequestSchema } from "#common/chat-schema.ts";
import { appendSummary } from "../agent/transcript.ts";
import { db } from "../db.ts";
import {
  compactionCut,
  compactionThreshold,
  needsCompaction,
  SUMMARIZER_PROMPT,
  SUMMARY_TOKENS,
  transcriptText,
  turnsBefore,
  withSummary,
} from "./compaction.ts";
import { GatewayError } from "./gateway-error.ts";
import type { Model } from "./models.ts";

type Deps = {
  /** Answers a request without a session (the summary's), charged to the same caller. */
  complete(request: ChatRequest): Promise<Response>;
  countPrompt(request: ChatRequest): Promise<number>;
};

/** A cheap, generous count for choosing where to cut (the final count is the provider's). */
const roughTokens = (message: ChatMessage) => Math.ceil(JSON.stringify(message).length / 3);

export async function compactSession(
  owner: { accountId: string; sessionId: string },
  request: ChatRequest,
  model: Model,
  deps: Deps,
): Promise<{ request: ChatRequest; promptEstimate: number }> {
  // While the whole conversation fits, the model gets all of it (and the database is not asked).
  const full = await deps.countPrompt(request);
  if (!needsCompaction(full, model)) return { request, promptEstimate: full };
  // Only the owner's session is compacted; another's is refused after this (reserveTurn).
  const owned = await db.agentSession.count({ where: { id: owner.sessionId, accountId: owner.accountId } });
  if (!owned) return { request, promptEstimate: full };
  const latest = await db.agentMessage.findFirst({
    where: { sessionId: owner.sessionId, accountId: owner.accountId, summarizedTurns: { not: null } },
    orderBy: { seq: "desc" },
    select: { content: true, summarizedTurns: true },
  });
  const turns = latest?.summarizedTurns ?? 0;
  const current =
    latest?.content && turns > 0
      ? { ...request, messages: withSummary(request.messages, latest.content, turns) }
      : request;
  const estimate = current === request ? full : await deps.countPrompt(current);
  if (!needsCompaction(estimate, model)) return { request: current, promptEstimate: estimate };
  const cut = compactionCut(current.messages, roughTokens, model);
  if (cut === null) return { request: current, promptEstimate: estimate };

  const summary = await summarize(current.messages.slice(0, cut), model, deps);
  const summarizedTurns = turnsBefore(current.messages, cut, turns);
  await db.$transaction((tx) => appendSummary(tx, { ...owner, content: summary, summarizedTurns }));
  const compacted = { ...request, messages: withSummary(request.messages, summary, summarizedTurns) };
  return { request: compacted, promptEstimate: await deps.countPrompt(compacted) };
}

async function summarize(older: ChatMessage[], model: Model, deps: Deps) {
  // Two characters a token is generous: the summariser's prompt stays well inside the window.
  const maxChars = compactionThreshold(model) * 2;
  const response = await deps.complete(
    chatRequestSchema.parse({
      model: model.id,
      stream: false,
      max_completion_tokens: SUMMARY_TOKENS,
      messages: [
        { role: "system", content: SUMMARIZER_PROMPT },
        { role: "user", content: transcriptText(older, maxChars) },
      ],
    }),
  );
  const body = (await response.json()) as { choices?: { message?: { content?: string | null } }[] };
  const text = body.choices?.[0]?.message?.content?.trim();
  if (!text) {
    throw new GatewayError(
      502,
      "upstream_error",
      `${model.id} returned no summary of the earlier turns, which this long conversation needs. Try again.`,
      "compaction_failed",
    );
  }
  return text;
}
