import { describe, expect, it } from "vitest";
import { AgentLoop } from "./agent-loop.ts";

const SESSION = "3f1f8a52-7d0e-4c5e-9d43-0f5b8a4f2a10";

const chunk = (content: string) =>
  `id: 1\ndata: ${JSON.stringify({
    id: "c1",
    object: "chat.completion.chunk",
    created: 1,
    model: "m",
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  })}\n\n`;

/** An answer that sends one chunk and then waits (until its request is aborted). */
function endless(signal: AbortSignal) {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(chunk("Once")));
      signal.addEventListener("abort", () => controller.error(signal.reason), { once: true });
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream", "x-session-id": SESSION } });
}

function setup(answer: (init: RequestInit) => Response) {
  const calls: { url: string; method: string }[] = [];
  const fetch = async (url: string | URL | Request, init: RequestInit = {}) => {
    calls.push({ url: String(url), method: init.method ?? "GET" });
    return answer(init);
  };
  const loop = new AgentLoop({
    fetch: fetch as typeof globalThis.fetch,
    conversation: () => [],
    systemPrompt: () => "system prompt",
    awaitCells: async () => [],
    stopAfterCells: () => null,
    maxToolTurns: 10,
    pauseAfter: () => 100,
  });
  return { loop, calls };
}

const streaming = (loop: AgentLoop) =>
  new Promise<void>((resolve) => {
    const off = loop.subscribe(() => {
      const state = loop.getState();
      if (state.status === "streaming" && state.content) {
        off();
        resolve();
      }
    });
  });

describe("controlling an answer in flight", () => {
  it("Stop tells the server to stop the session's answer; idle() resolves once stopped", async () => {
    const { loop, calls } = setup((init) =>
      init.method === "DELETE" ? new Response(null, { status: 204 }) : endless(init.signal as AbortSignal),
    );
    void loop.send("Tell a story", { sessionId: SESSION, model: "m" });
    await streaming(loop);
    loop.stop();
    await loop.idle();
    expect(calls).toContainEqual({ url: `/api/inference?session_id=${SESSION}`, method: "DELETE" });
    expect(loop.getState()).toMatchObject({ status: "idle", note: { kind: "stopped" } });
  });

  it("leaving the page stops following the answer without stopping it", async () => {
    const { loop, calls } = setup((init) => endless(init.signal as AbortSignal));
    void loop.send("Tell a story", { sessionId: SESSION, model: "m" });
    await streaming(loop);
    loop.leave();
    await loop.idle();
    expect(calls.map((call) => call.method)).toEqual(["POST"]);
  });

  it("attaches to an answer in flight, and reports when there is none", async () => {
    let inFlight = true;
    const { loop, calls } = setup((init) =>
      inFlight ? endless(init.signal as AbortSignal) : new Response(null, { status: 204 }),
    );
    const attached = loop.attach(SESSION);
    await streaming(loop);
    expect(loop.getState()).toMatchObject({ status: "streaming", sessionId: SESSION, content: "Once" });
    loop.leave();
    expect(await attached).toBe(true);
    expect(calls[0]).toEqual({ url: `/api/inference?session_id=${SESSION}`, method: "GET" });
    inFlight = false;
    expect(await loop.attach(SESSION)).toBe(false);
    expect(loop.getState().status).toBe("idle");
  });

  it("uses the model picked now at each call, so a switch applies to the next call of a run", async () => {
    const sse = (delta: object, finish: string) =>
      `data: ${JSON.stringify({ id: "c", object: "chat.completion.chunk", created: 1, model: "m", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\ndata: [DONE]\n\n`;
    const answers = [
      sse(
        {
          tool_calls: [
            { index: 0, id: "call_1", type: "function", function: { name: "python_run", arguments: "{}" } },
          ],
        },
        "tool_calls",
      ),
      sse({ content: "Done." }, "stop"),
    ];
    const models: string[] = [];
    let picked = "gpt-5.4-mini";
    const loop = new AgentLoop({
      fetch: (async (_url: string, init: RequestInit) => {
        models.push(JSON.parse(String(init.body)).model);
        return new Response(answers.shift(), { headers: { "x-session-id": SESSION } });
      }) as unknown as typeof fetch,
      conversation: () => [],
      systemPrompt: () => "system prompt",
      awaitCells: async () => {
        picked = "claude-haiku-5-5";
        return [{ role: "tool", tool_call_id: "call_1", content: "ran" }];
      },
      stopAfterCells: () => null,
      maxToolTurns: 10,
      pauseAfter: () => 100,
      currentModel: () => picked,
    });
    await loop.send("Go", { sessionId: SESSION, model: "gpt-5.4-mini" });
    expect(models).toEqual(["gpt-5.4-mini", "claude-haiku-5-5"]);
  });
});
