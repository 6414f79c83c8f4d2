import { describe, expect, it } from "vitest";
import { AnswerLost, readAnswer } from "./answer-stream.ts";

const chunk = (content: string, finish: string | null = null) =>
  JSON.stringify({
    id: "c",
    object: "chat.completion.chunk",
    created: 1,
    model: "m",
    choices: [{ index: 0, delta: { content }, finish_reason: finish }],
  });

/** A body that sends these SSE events, then ends (cleanly, or by breaking when `breaks`). */
function body(events: string[], breaks = false) {
  const encoder = new TextEncoder();
  const queue = events.map((text) => encoder.encode(text));
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = queue.shift();
      if (next) controller.enqueue(next);
      else if (breaks) controller.error(new Error("network error"));
      else controller.close();
    },
  });
}

const event = (id: number, data: string) => `id: ${id}\ndata: ${data}\n\n`;

describe("readAnswer", () => {
  it("picks a broken connection up after the last event seen, with nothing lost or repeated", async () => {
    const asked: (string | null)[] = [];
    const fetchAnswer = (async (_url: string, init?: RequestInit) => {
      asked.push(new Headers(init?.headers).get("last-event-id"));
      return new Response(body([event(3, chunk("C", "stop")), "data: [DONE]\n\n"]));
    }) as typeof fetch;
    const answer = await readAnswer(
      fetchAnswer,
      body([event(1, chunk("A")), event(2, chunk("B"))], true),
      "s1",
      new AbortController().signal,
      () => {},
    );
    expect(answer.content).toBe("ABC");
    expect(asked).toEqual(["2"]);
  });

  it("leaves the answer to the transcript when the server no longer has it", async () => {
    const fetchAnswer = (async () => new Response(null, { status: 204 })) as unknown as typeof fetch;
    await expect(
      readAnswer(fetchAnswer, body([event(1, chunk("A"))]), "s1", new AbortController().signal, () => {}),
    ).rejects.toBeInstanceOf(AnswerLost);
  });

  it("takes an answer without ids as it came (nothing to resume from)", async () => {
    const fetchAnswer = (async () => {
      throw new Error("not called");
    }) as unknown as typeof fetch;
    const answer = await readAnswer(
      fetchAnswer,
      body([`data: ${chunk("A")}\n\n`]),
      "s1",
      new AbortController().signal,
      () => {},
    );
    expect(answer.content).toBe("A");
  });
});
