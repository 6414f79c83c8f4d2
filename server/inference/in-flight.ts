/**
 * The browser route's answers in flight on this instance, one per session: each streams into an
 * AnswerBuffer that the requesting page and any later reader (a reload, a second tab) read from.
 * Once relayed, an answer no longer depends on its first reader's connection: a reload does not
 * cut it, and only an explicit stop (the Stop button, a steer) or the run's own limits end it
 * early. Nothing here is shared between instances: a reader on another instance, or after the
 * end, gets 204 and shows the synced transcript, where the answer appears once it is settled.
 */
import "server-only";
import { AnswerBuffer } from "./answer-buffer.ts";
import { invalidRequest } from "./gateway-error.ts";
import type { GatewayIdentity } from "./gateway-route.ts";
import { SSE_HEADERS } from "./sse.ts";

/** Per answer: enough for a long answer's chunks (each is a JSON object of some 200 characters). */
const ANSWER_LIMITS = { maxEvents: 20_000, maxChars: 4_000_000 };
/** Answers buffered at once on this instance; past it an answer streams unbuffered (not resumable). */
const MAX_ANSWERS = 200;

type InFlight = { accountId: string; buffer: AnswerBuffer; stop: AbortController };

const answers = new Map<string, InFlight>();

/**
 * The run's own abort signal, following the client's until the answer is relayed: a request the
 * client leaves before its stream began is still abandoned.
 */
export function detachable(clientSignal: AbortSignal) {
  const stop = new AbortController();
  const follow = () => stop.abort(clientSignal.reason);
  if (clientSignal.aborted) follow();
  else clientSignal.addEventListener("abort", follow, { once: true });
  return { stop, detach: () => clientSignal.removeEventListener("abort", follow) };
}

/** Relays `response` (the run's SSE body) through a buffer for the session, with event ids. */
export function relayAnswer(
  owner: { accountId: string; sessionId: string },
  response: Response,
  run: ReturnType<typeof detachable>,
): Response {
  if (!response.body || answers.size >= MAX_ANSWERS) return response;
  run.detach();
  const entry: InFlight = {
    accountId: owner.accountId,
    buffer: new AnswerBuffer(ANSWER_LIMITS),
    stop: run.stop,
  };
  answers.set(owner.sessionId, entry);
  void pump(response.body, entry.buffer).finally(() => {
    if (answers.get(owner.sessionId) === entry) answers.delete(owner.sessionId);
  });
  return new Response(entry.buffer.stream(0), { status: response.status, headers: response.headers });
}

/** Reads the run's body to its end, whoever is listening, one buffered event per SSE event. */
async function pump(body: ReadableStream<Uint8Array>, buffer: AnswerBuffer) {
  const reader = body
    .pipeThrough(new TextDecoderStream() as ReadableWritablePair<string, Uint8Array>)
    .getReader();
  let pending = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      pending += value;
      let end = pending.indexOf("\n\n");
      while (end >= 0) {
        const data = pending
          .slice(0, end)
          .split("\n")
          .filter((line) => line.startsWith("data: "))
          .map((line) => line.slice(6))
          .join("\n");
        if (data) buffer.push(data);
        pending = pending.slice(end + 2);
        end = pending.indexOf("\n\n");
      }
    }
  } finally {
    buffer.end();
  }
}

function find(identity: GatewayIdentity, sessionId: string | null) {
  const entry = sessionId ? answers.get(sessionId) : undefined;
  // Another account's session is answered as if nothing were in flight.
  return entry && entry.accountId === identity.accountId ? entry : undefined;
}

/** Attaches to the session's answer after the event `lastEventId` (from its start without one); 204 when there is none here. */
export function attachAnswer(
  identity: GatewayIdentity,
  sessionId: string | null,
  lastEventId: string | null,
) {
  const after = lastEventId === null ? 0 : Number(lastEventId);
  if (!Number.isSafeInteger(after) || after < 0) {
    throw invalidRequest("Last-Event-ID must be the id of an event (a whole number).", "last-event-id");
  }
  const entry = find(identity, sessionId);
  if (!entry || entry.buffer.after(after) === null) return new Response(null, { status: 204 });
  return new Response(entry.buffer.stream(after), {
    headers: { ...SSE_HEADERS, ...(sessionId ? { "x-session-id": sessionId } : {}) },
  });
}

/** Stops the session's answer (the Stop button, a steer): it settles for what was used. */
export function stopAnswer(identity: GatewayIdentity, sessionId: string | null) {
  find(identity, sessionId)?.stop.abort(new Error("Stopped by the user."));
  return new Response(null, { status: 204 });
}
