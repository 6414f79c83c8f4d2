/**
 * The gateway's HTTP routes, one function each: the route files under app/api export these and
 * nothing else. Each authenticates, then makes one call.
 */
import "server-only";
import { z } from "zod";
import { completeChat, parseChatRequest } from "./gateway.ts";
import { invalidRequest } from "./gateway-error.ts";
import { gatewayRoute, identify, readJsonBody } from "./gateway-route.ts";
import { attachAnswer, stopAnswer } from "./in-flight.ts";
import { models } from "./models.ts";

/** POST /api/v1/chat/completions: OpenAI-compatible, for any client with a virtual key (or the session cookie). */
export function serveChatCompletions(request: Request) {
  const receivedAt = performance.now();
  return gatewayRoute(request, async (log) => {
    const caller = await identify(request, { allowKeys: true });
    const chat = parseChatRequest(await readJsonBody(request));
    return completeChat(caller, chat, { signal: request.signal, log, receivedAt });
  });
}

/** GET /api/v1/models: the models this deployment serves, in OpenAI's list shape. */
export function serveModels(request: Request) {
  return gatewayRoute(request, async () => {
    await identify(request, { allowKeys: true });
    return Response.json({
      object: "list",
      data: models.map((model) => ({
        id: model.id,
        object: "model",
        created: 0,
        owned_by: model.provider,
        context_window: model.contextWindow,
        max_output_tokens: model.maxOutputTokens,
      })),
    });
  });
}

const sessionId = z.uuid().optional();

/**
 * POST /api/inference, the browser agent's turn: session cookie, an OpenAI request plus
 * `session_id` (none starts a new session); answers `X-Session-Id`.
 */
export function serveAgentTurn(request: Request) {
  const receivedAt = performance.now();
  return gatewayRoute(request, async (log) => {
    const caller = await identify(request, { allowKeys: false });
    const { session_id, ...body } = await readJsonBody(request);
    const requested = sessionId.safeParse(session_id ?? undefined);
    if (!requested.success) throw invalidRequest("session_id must be a session's id (a UUID).", "session_id");
    const chat = parseChatRequest(body);
    return completeChat(
      caller,
      chat,
      { signal: request.signal, log, receivedAt },
      { sessionId: requested.data },
    );
  });
}

/** GET /api/inference: reads the session's answer in flight (`?session_id=`) after `Last-Event-ID`; 204 when none is here. */
export function serveAnswerInFlight(request: Request) {
  return gatewayRoute(request, async () => {
    const caller = await identify(request, { allowKeys: false });
    const session = new URL(request.url).searchParams.get("session_id");
    return attachAnswer(caller, session, request.headers.get("last-event-id"));
  });
}

/** DELETE /api/inference: stops the session's answer in flight (`?session_id=`): Stop, or a steer. */
export function serveStopAnswer(request: Request) {
  return gatewayRoute(request, async () => {
    const caller = await identify(request, { allowKeys: false });
    return stopAnswer(caller, new URL(request.url).searchParams.get("session_id"));
  });
}
