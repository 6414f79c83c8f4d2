import { z } from "zod";
import { completeChat, parseChatRequest } from "#server/inference/gateway.ts";
import { invalidRequest } from "#server/inference/gateway-error.ts";
import { gatewayRoute, identify, readJsonBody } from "#server/inference/http.ts";
import { attachAnswer, stopAnswer } from "#server/inference/in-flight.ts";

export const dynamic = "force-dynamic";
export const maxDuration = 600;

const sessionId = z.uuid().optional();

/**
 * The browser agent's route: session cookie, an OpenAI request plus `session_id` (none starts a
 * new session); answers `X-Session-Id`.
 */
export function POST(request: Request) {
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

/** Reads the session's answer in flight (`?session_id=`) after `Last-Event-ID`; 204 when none is here. */
export function GET(request: Request) {
  return gatewayRoute(request, async () => {
    const caller = await identify(request, { allowKeys: false });
    const sessionId = new URL(request.url).searchParams.get("session_id");
    return attachAnswer(caller, sessionId, request.headers.get("last-event-id"));
  });
}

/** Stops the session's answer in flight (`?session_id=`): Stop, or a steer. */
export function DELETE(request: Request) {
  return gatewayRoute(request, async () => {
    const caller = await identify(request, { allowKeys: false });
    return stopAnswer(caller, new URL(request.url).searchParams.get("session_id"));
  });
}
