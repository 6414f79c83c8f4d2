import { z } from "zod";
import { openAgentSession } from "#server/agent/sessions.ts";
import { completeChat, parseChatRequest, resolveModel } from "#server/inference/gateway.ts";
import { invalidRequest } from "#server/inference/gateway-error.ts";
import { gatewayRoute, identify, readJsonBody } from "#server/inference/http.ts";
import { contentText } from "#server/inference/openai-schema.ts";

export const dynamic = "force-dynamic";
export const maxDuration = 600;

const sessionId = z.uuid().optional();

/** The browser agent's route: session cookie, an OpenAI request plus `session_id`; answers `X-Session-Id`. */
export function POST(request: Request) {
  const receivedAt = performance.now();
  return gatewayRoute(request, async (log) => {
    const caller = await identify(request, { allowKeys: false });
    const { session_id, ...body } = await readJsonBody(request);
    const requested = sessionId.safeParse(session_id ?? undefined);
    if (!requested.success) throw invalidRequest("session_id must be a session's id (a UUID).", "session_id");
    const chat = parseChatRequest(body);
    const model = resolveModel(chat.model);
    const firstUser = chat.messages.find((m) => m.role === "user");
    const agentSessionId = await openAgentSession(caller.accountId, requested.data, {
      firstUserText: firstUser ? contentText(firstUser.content) : "",
      model: model.id,
    });
    return completeChat({ ...caller, agentSessionId }, chat, {
      signal: request.signal,
      log,
      receivedAt,
      headers: { "x-session-id": agentSessionId },
    });
  });
}
