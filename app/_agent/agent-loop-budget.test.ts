import { describe, expect, it, vi } from "vitest";
import { SESSION, setup, textAnswer, toolAnswer } from "./agent-loop-fixtures.ts";

describe("AgentLoop's budget pause", () => {
  const toolRun = (count: number) =>
    Array.from({ length: count }, (_, i) => () => toolAnswer(`call_${i}`, `print(${i})`));

  it("pauses before call N+1 of a run and goes on when the user continues", async () => {
    const { loop, requests, states } = setup([...toolRun(3), () => textAnswer("Done.")], {
      pauseAfter: () => 2,
    });
    const running = loop.send("go", { sessionId: SESSION, model: "m" });
    await vi.waitFor(() => expect(loop.getState().status).toBe("paused"));
    expect(requests).toHaveLength(2);
    expect(loop.getState()).toEqual({ status: "paused", sessionId: SESSION, calls: 2 });
    loop.resume();
    await vi.waitFor(() => expect(requests).toHaveLength(4));
    // Paused again before call 5? The fourth answer had no tools, so the run ended first.
    await running;
    expect(states.filter((state) => state.status === "paused")).toHaveLength(1);
    expect(loop.getState()).toEqual({ status: "idle", sessionId: SESSION, note: null });
  });

  it("stops at the pause when the user says so, with a note, and sends nothing more", async () => {
    const { loop, requests } = setup(toolRun(3), { pauseAfter: () => 1 });
    const running = loop.send("go", { sessionId: SESSION, model: "m" });
    await vi.waitFor(() => expect(loop.getState().status).toBe("paused"));
    loop.stop();
    await running;
    expect(requests).toHaveLength(1);
    expect(loop.getState()).toMatchObject({
      status: "idle",
      note: { kind: "cap", text: "Stopped at the pause after 1 model calls. Send a message to go on." },
    });
  });

  it("counts per run: a new message starts from zero", async () => {
    const { loop, requests } = setup([...toolRun(1), () => textAnswer("A."), () => textAnswer("B.")], {
      pauseAfter: () => 2,
    });
    const first = loop.send("one", { sessionId: SESSION, model: "m" });
    await vi.waitFor(() => expect(loop.getState().status).toBe("idle"));
    await first;
    await loop.send("two", { sessionId: SESSION, model: "m" });
    expect(requests).toHaveLength(3);
  });
});
