import { describe, expect, it, vi } from "vitest";
import { chunk, reply, SESSION, setup, sse, textAnswer, toolAnswer } from "./agent-loop-fixtures.ts";

describe("AgentLoop", () => {
  it("streams a plain answer and learns the new session's id", async () => {
    const { loop, requests, states } = setup([() => textAnswer("Hello there")]);
    await loop.send("hi", { sessionId: null, model: "m" });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.session_id).toBeUndefined();
    expect(requests[0]?.messages).toEqual([
      { role: "system", content: "system prompt" },
      { role: "user", content: "hi" },
    ]);
    expect(requests[0]?.tools).toHaveLength(1);
    const streamed = states.flatMap((s) => (s.status === "streaming" ? [s.content] : []));
    expect(streamed).toContain("Hel");
    expect(streamed.at(-1)).toBe("Hello there");
    expect(loop.getState()).toEqual({ status: "idle", sessionId: SESSION, note: null });
  });

  it("waits for the cells of a tool turn, sends their results, and ends on an answer without tools", async () => {
    const { loop, requests, awaitCells, states } = setup([
      () => toolAnswer("call_1", "print(sum(range(10)))"),
      () => textAnswer("The sum is 45."),
    ]);
    await loop.send("add up", { sessionId: SESSION, model: "m" });
    expect(awaitCells).toHaveBeenCalledWith(SESSION, ["call_1"], expect.any(AbortSignal));
    expect(states.some((s) => s.status === "awaiting-cells" && s.callIds[0] === "call_1")).toBe(true);
    expect(requests[1]?.session_id).toBe(SESSION);
    expect(requests[1]?.messages.slice(1)).toEqual([
      { role: "user", content: "earlier" },
      { role: "user", content: "add up" },
      {
        role: "assistant",
        content: "Let me check.",
        tool_calls: [
          {
            id: "call_1",
            type: "function",
            function: { name: "python_run", arguments: JSON.stringify({ code: "print(sum(range(10)))" }) },
          },
        ],
      },
      { role: "tool", tool_call_id: "call_1", content: "ran call_1" },
    ]);
    expect(loop.getState()).toEqual({ status: "idle", sessionId: SESSION, note: null });
  });

  it("tells the model about a skipped cell", async () => {
    const { loop, requests } = setup([() => toolAnswer("call_1", "x"), () => textAnswer("Okay, skipped.")], {
      awaitCells: async () => [{ role: "tool", tool_call_id: "call_1", content: "Skipped by the user." }],
    });
    await loop.send("go", { sessionId: SESSION, model: "m" });
    expect(requests[1]?.messages.at(-1)).toEqual({
      role: "tool",
      tool_call_id: "call_1",
      content: "Skipped by the user.",
    });
  });

  it("stops without asking the model again when the cells say so (fixes used up)", async () => {
    const { loop, requests } = setup([() => toolAnswer("call_1", "1/0")], {
      stopAfterCells: (session) =>
        session === SESSION ? "Stopped: the code still fails after 2 fixes." : null,
    });
    await loop.send("go", { sessionId: SESSION, model: "m" });
    expect(requests).toHaveLength(1);
    expect(loop.getState()).toEqual({
      status: "idle",
      sessionId: SESSION,
      note: { kind: "cap", text: "Stopped: the code still fails after 2 fixes." },
    });
  });

  it("continues a session whose cells were resolved before a reload", async () => {
    const { loop, requests } = setup([() => textAnswer("Done.")], {
      conversation: () => [
        { role: "user", content: "q" },
        {
          role: "assistant",
          content: "",
          tool_calls: [{ id: "a", type: "function", function: { name: "python_run", arguments: "{}" } }],
        },
        { role: "tool", tool_call_id: "a", content: "ran" },
      ],
    });
    await loop.continue({ sessionId: SESSION, model: "m" });
    expect(requests[0]?.messages.at(-1)).toEqual({ role: "tool", tool_call_id: "a", content: "ran" });
  });

  it("does not continue a session whose last fix failed too (a cell run while the loop was idle)", async () => {
    const { loop, requests } = setup([() => textAnswer("never sent")], {
      stopAfterCells: () => "Stopped: the code still fails after 2 fixes.",
    });
    await loop.continue({ sessionId: SESSION, model: "m" });
    expect(requests).toHaveLength(0);
    expect(loop.getState()).toEqual({
      status: "idle",
      sessionId: SESSION,
      note: { kind: "cap", text: "Stopped: the code still fails after 2 fixes." },
    });
  });

  it("shows the gateway's error message when the request is refused", async () => {
    const { loop } = setup([
      () =>
        new Response(
          JSON.stringify({
            error: { message: "Quota exhausted: 0 tokens left.", type: "insufficient_quota" },
          }),
          {
            status: 429,
            headers: { "content-type": "application/json" },
          },
        ),
    ]);
    await loop.send("hi", { sessionId: null, model: "m" });
    expect(loop.getState()).toEqual({
      status: "idle",
      sessionId: null,
      note: { kind: "error", text: "Quota exhausted: 0 tokens left." },
    });
  });

  it("ends with an error note when the stream reports a failure midway", async () => {
    const { loop, awaitCells } = setup([
      () => reply(sse([chunk({ content: "Part" }), { error: { message: "The model provider failed." } }])),
    ]);
    await loop.send("hi", { sessionId: SESSION, model: "m" });
    expect(loop.getState()).toMatchObject({
      status: "idle",
      note: { kind: "error", text: "The model provider failed." },
    });
    expect(awaitCells).not.toHaveBeenCalled();
  });

  it("ends with an error note when a tool turn's cell fails to record", async () => {
    const { loop } = setup([() => toolAnswer("call_1", "x")], {
      awaitCells: async () => {
        throw new Error("Could not save the cell's result.");
      },
    });
    await loop.send("go", { sessionId: SESSION, model: "m" });
    expect(loop.getState()).toMatchObject({
      note: { kind: "error", text: "Could not save the cell's result." },
    });
  });

  it("stops a runaway loop at the tool-turn cap with a note", async () => {
    const answers = Array.from({ length: 5 }, (_, i) => () => toolAnswer(`call_${i}`, "while True: pass"));
    const { loop, requests, awaitCells } = setup(answers, { maxToolTurns: 3 });
    await loop.send("loop", { sessionId: SESSION, model: "m" });
    expect(requests).toHaveLength(3);
    expect(awaitCells).toHaveBeenCalledTimes(3);
    expect(loop.getState()).toMatchObject({ status: "idle", note: { kind: "cap" } });
    expect((loop.getState() as { note: { text: string } }).note.text).toContain("3 tool steps");
  });

  it("stop aborts a stream in progress", async () => {
    const { loop } = setup([
      (signal) =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(
                new TextEncoder().encode(sse([chunk({ content: "Thinking" })], { done: false })),
              );
              signal.addEventListener("abort", () => controller.error(signal.reason));
            },
          }),
          { headers: { "x-session-id": SESSION } },
        ),
    ]);
    const running = loop.send("hi", { sessionId: SESSION, model: "m" });
    await vi.waitFor(() =>
      expect(loop.getState()).toMatchObject({ status: "streaming", content: "Thinking" }),
    );
    loop.stop();
    await running;
    expect(loop.getState()).toEqual({
      status: "idle",
      sessionId: SESSION,
      note: { kind: "stopped", text: "Stopped." },
    });
  });

  it("stop ends the wait for cells", async () => {
    const { loop, requests } = setup([() => toolAnswer("call_1", "x")], {
      awaitCells: (_session, _ids, signal) =>
        new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
    });
    const running = loop.send("go", { sessionId: SESSION, model: "m" });
    await vi.waitFor(() => expect(loop.getState().status).toBe("awaiting-cells"));
    loop.stop();
    await running;
    expect(loop.getState()).toMatchObject({ status: "idle", note: { kind: "stopped" } });
    expect(requests).toHaveLength(1);
  });

  it("refuses a second message while it is working", async () => {
    const { loop } = setup([() => toolAnswer("call_1", "x")], {
      awaitCells: (_session, _ids, signal) =>
        new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
    });
    const running = loop.send("go", { sessionId: SESSION, model: "m" });
    await vi.waitFor(() => expect(loop.busy).toBe(true));
    await expect(loop.send("again", { sessionId: SESSION, model: "m" })).rejects.toThrow(/already working/);
    loop.stop();
    await running;
  });
});
