import { describe, expect, it } from "vitest";
import { sseEvents } from "./sse.ts";

/** A body that arrives in exactly these pieces. */
function body(...pieces: string[]) {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>) {
  const out: string[] = [];
  for await (const event of sseEvents(stream)) out.push(event.data);
  return out;
}

describe("sseEvents", () => {
  it("joins events split across reads, even inside a field name or a UTF-8 character", async () => {
    const euro = new TextEncoder().encode('data: {"t":"€"}\n\n');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("da"));
        controller.enqueue(new TextEncoder().encode('ta: {"a":1}\n'));
        controller.enqueue(new TextEncoder().encode("\n"));
        controller.enqueue(euro.slice(0, 13));
        controller.enqueue(euro.slice(13));
        controller.close();
      },
    });
    expect(await collect(stream)).toEqual(['{"a":1}', '{"t":"€"}']);
  });

  it("joins multi-line data with newlines and ignores comments and other fields", async () => {
    expect(
      await collect(
        body(": keep-alive\n\n", "event: message\nid: 7\ndata: line one\ndata: line two\n\n", ":x\n"),
      ),
    ).toEqual(["line one\nline two"]);
  });

  it("passes each event's id on", async () => {
    const ids: (string | undefined)[] = [];
    for await (const event of sseEvents(body("id: 1\ndata: a\n\n", "data: b\n\n", "id: 3\ndata: c\n\n"))) {
      ids.push(event.id);
    }
    expect(ids).toEqual(["1", undefined, "3"]);
  });

  it("handles CRLF line endings", async () => {
    expect(await collect(body("data: a\r\n\r\ndata: b\r\n\r\n"))).toEqual(["a", "b"]);
  });

  it("stops at [DONE] and cancels the rest of the body", async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("data: 1\n\ndata: [DONE]\n\n"));
      },
      cancel() {
        cancelled = true;
      },
    });
    expect(await collect(stream)).toEqual(["1", "[DONE]"]);
    expect(cancelled).toBe(true);
  });

  it("ends when the body ends without [DONE], dropping an unterminated event", async () => {
    expect(await collect(body("data: 1\n\ndata: partial"))).toEqual(["1"]);
  });
});
