/** Scripted model answers and a loop wired to them, for the agent loop's tests (test code). */
import { vi } from "vitest";
import type { ChatMessage } from "#common/chat-schema.ts";
import { AgentLoop, type LoopDeps, type LoopState } from "./agent-loop.ts";

export const SESSION = "3f1f8a52-7d0e-4c5e-9d43-0f5b8a4f2a10";

type Delta = { content?: string; tool_calls?: unknown[] };
export const chunk = (delta: Delta, finish: string | null = null) => ({
  id: "c1",
  object: "chat.completion.chunk",
  created: 1,
  model: "m",
  choices: [{ index: 0, delta, finish_reason: finish }],
});
export const sse = (events: unknown[], { done = true } = {}) =>
  events.map((event) => `data: ${JSON.stringify(event)}\n\n`).join("") + (done ? "data: [DONE]\n\n" : "");

export function reply(text: string, status = 200) {
  return new Response(text, {
    status,
    headers: { "content-type": "text/event-stream", "x-session-id": SESSION },
  });
}
export const textAnswer = (text: string) =>
  reply(sse([chunk({ content: text.slice(0, 3) }), chunk({ content: text.slice(3) }), chunk({}, "stop")]));
export const toolAnswer = (callId: string, code: string) => {
  const args = JSON.stringify({ code });
  return reply(
    sse([
      chunk({ content: "Let me check." }),
      chunk({
        tool_calls: [
          { index: 0, id: callId, type: "function", function: { name: "python_run", arguments: "" } },
        ],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(0, 9) } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: args.slice(9) } }] }),
      chunk({}, "tool_calls"),
    ]),
  );
};

/** A loop whose model answers are scripted; records the requests it sends. */
export function setup(
  answers: Array<(signal: AbortSignal) => Response | Promise<Response>>,
  overrides: Partial<LoopDeps> = {},
) {
  const requests: { session_id?: string; messages: ChatMessage[]; tools: unknown[] }[] = [];
  const fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    requests.push(JSON.parse(String(init?.body)));
    const answer = answers.shift();
    if (!answer) throw new Error("unexpected request");
    return answer(init?.signal as AbortSignal);
  });
  const awaitCells = vi.fn(async (_session: string, callIds: string[]) =>
    callIds.map((id): ChatMessage => ({ role: "tool", tool_call_id: id, content: `ran ${id}` })),
  );
  const loop = new AgentLoop({
    fetch: fetch as unknown as typeof globalThis.fetch,
    conversation: () => [{ role: "user", content: "earlier" }],
    systemPrompt: () => "system prompt",
    awaitCells,
    stopAfterCells: () => null,
    maxToolTurns: 10,
    pauseAfter: () => 100,
    ...overrides,
  });
  const states: LoopState[] = [];
  loop.subscribe(() => states.push(loop.getState()));
  return { loop, requests, awaitCells, states };
}
