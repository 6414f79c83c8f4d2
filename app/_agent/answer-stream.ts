/**
 * Reading one answer from /api/inference. The server numbers the events of a session's answer
 * (`id:`) and keeps them while it runs, so a connection lost mid-way is picked up again after the
 * last event seen (`Last-Event-ID`), and a reloaded page or a second tab can attach to an answer
 * in flight. When the server has no such answer (finished, or on another instance), the synced
 * transcript shows it once it is settled.
 */
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { ChunkAccumulator } from "#common/chunk-accumulator.ts";
import { sseEvents } from "./sse.ts";

/** The server sent an error event: the answer failed. */
export class AnswerFailed extends Error {}

/** The connection broke and the answer could not be attached to again. */
export class AnswerLost extends Error {}

/** Reattachments one answer may need before it is left to the synced transcript. */
const MAX_REATTACHES = 5;

export const answerUrl = (sessionId: string) => `/api/inference?session_id=${encodeURIComponent(sessionId)}`;

/** The session's answer in flight after event `lastId` (from its start without one), or null when there is none here. */
export async function attachAnswer(
  fetchAnswer: typeof fetch,
  sessionId: string,
  lastId: string | undefined,
  signal: AbortSignal,
): Promise<ReadableStream<Uint8Array> | null> {
  const response = await fetchAnswer(answerUrl(sessionId), {
    headers: lastId ? { "last-event-id": lastId } : {},
    signal,
  });
  if (response.status !== 200 || !response.body) return null;
  return response.body;
}

/** Reads an answer to its end, reporting what has arrived after each chunk. */
export async function readAnswer(
  fetchAnswer: typeof fetch,
  first: ReadableStream<Uint8Array>,
  sessionId: string,
  signal: AbortSignal,
  onProgress: (answer: ChunkAccumulator) => void,
): Promise<ChunkAccumulator> {
  const accumulator = new ChunkAccumulator();
  let body = first;
  let lastId: string | undefined;
  for (let attaches = 0; ; attaches++) {
    let ended = false;
    try {
      for await (const event of sseEvents(body)) {
        if (event.data === "[DONE]") {
          ended = true;
          break;
        }
        lastId = event.id ?? lastId;
        const chunk = JSON.parse(event.data) as ChatCompletionChunk & { error?: { message?: string } };
        if (chunk.error) throw new AnswerFailed(chunk.error.message ?? "The model's answer failed.");
        accumulator.push(chunk);
        onProgress(accumulator);
      }
    } catch (error) {
      if (signal.aborted || error instanceof AnswerFailed || lastId === undefined) throw error;
    }
    // Without ids the answer is not resumable: what arrived is all there is.
    if (ended || signal.aborted || lastId === undefined) return accumulator;
    const next =
      attaches < MAX_REATTACHES
        ? await attachAnswer(fetchAnswer, sessionId, lastId, signal).catch(() => null)
        : null;
    if (!next) {
      throw new AnswerLost("The connection to the answer was lost; it appears here once it is finished.");
    }
    body = next;
  }
}

/**
 * Posts one chat request to /api/inference: its answer's stream and the session it belongs to
 * (the server names a new one). A refusal, an unreachable server or an unnamed session is an
 * AnswerFailed that says why; an abort is rethrown as it is.
 */
export async function startAnswer(
  fetchAnswer: typeof fetch,
  request: Record<string, unknown> & { session_id?: string },
  signal: AbortSignal,
): Promise<{ body: ReadableStream<Uint8Array>; sessionId: string }> {
  let response: Response;
  try {
    response = await fetchAnswer("/api/inference", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new AnswerFailed("Could not reach the server. Check your connection and try again.");
  }
  if (!response.ok || !response.body) throw new AnswerFailed(await errorMessage(response));
  const sessionId = response.headers.get("x-session-id") ?? request.session_id;
  if (!sessionId) throw new AnswerFailed("The server did not name the session.");
  return { body: response.body, sessionId };
}

/** The message of an OpenAI-shaped error body, or a generic one for the status. */
async function errorMessage(response: Response) {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    // Not JSON: a proxy's error page, say.
  }
  return `The request failed (HTTP ${response.status}).`;
}
