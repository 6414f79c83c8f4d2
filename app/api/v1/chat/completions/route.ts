import { completeChat, parseChatRequest } from "#server/inference/gateway.ts";
import { gatewayRoute, identify, readJsonBody } from "#server/inference/http.ts";

export const dynamic = "force-dynamic";
export const maxDuration = 600;

/** OpenAI-compatible Chat Completions for any client: a virtual key (or the session cookie). */
export function POST(request: Request) {
  const receivedAt = performance.now();
  return gatewayRoute(request, async (log) => {
    const caller = await identify(request, { allowKeys: true });
    const chat = parseChatRequest(await readJsonBody(request));
    return completeChat(caller, chat, { signal: request.signal, log, receivedAt });
  });
}
