import { describe, expect, it } from "vitest";
import { AnswerBuffer } from "./answer-buffer.ts";

const roomy = { maxEvents: 100, maxChars: 10_000 };

async function read(stream: ReadableStream<Uint8Array>) {
  return new Response(stream).text();
}

describe("AnswerBuffer", () => {
  it("numbers events from 1 in order", () => {
    const buffer = new AnswerBuffer(roomy);
    expect(["a", "b", "c"].map((data) => buffer.push(data))).toEqual([1, 2, 3]);
    expect(buffer.lastId).toBe(3);
    expect(buffer.after(0)).toEqual([
      { id: 1, data: "a" },
      { id: 2, data: "b" },
      { id: 3, data: "c" },
    ]);
  });

  it("resumes after any id it still holds", () => {
    const buffer = new AnswerBuffer(roomy);
    for (const data of ["a", "b", "c", "d"]) buffer.push(data);
    for (let id = 0; id <= 4; id++) {
      expect(buffer.after(id)?.map((event) => event.id)).toEqual([1, 2, 3, 4].filter((n) => n > id));
    }
  });

  it("drops the oldest events past the event bound, and refuses to resume across the gap", () => {
    const buffer = new AnswerBuffer({ maxEvents: 3, maxChars: 10_000 });
    for (const data of ["a", "b", "c", "d", "e"]) buffer.push(data);
    expect(buffer.after(2)?.map((event) => event.data)).toEqual(["c", "d", "e"]);
    expect(buffer.after(1)).toBeNull();
    expect(buffer.after(0)).toBeNull();
  });

  it("drops the oldest events past the character bound, keeping at least the newest", () => {
    const buffer = new AnswerBuffer({ maxEvents: 100, maxChars: 10 });
    buffer.push("12345");
    buffer.push("67890");
    buffer.push("abc");
    expect(buffer.after(1)?.map((event) => event.data)).toEqual(["67890", "abc"]);
    buffer.push("x".repeat(50));
    expect(buffer.after(3)?.map((event) => event.id)).toEqual([4]);
    expect(buffer.after(2)).toBeNull();
  });

  it("streams as SSE with ids, live until the end", async () => {
    const buffer = new AnswerBuffer(roomy);
    buffer.push("one");
    const text = read(buffer.stream(0));
    await new Promise((resolve) => setTimeout(resolve, 10));
    buffer.push("two");
    buffer.end();
    expect(await text).toBe("id: 1\ndata: one\n\nid: 2\ndata: two\n\n");
  });

  it("streams from a later id, and a reader that arrives after the end gets the rest at once", async () => {
    const buffer = new AnswerBuffer(roomy);
    for (const data of ["a", "b", "c"]) buffer.push(data);
    buffer.end();
    expect(await read(buffer.stream(2))).toBe("id: 3\ndata: c\n\n");
    expect(await read(buffer.stream(3))).toBe("");
    expect(() => buffer.push("d")).toThrow(/already ended/);
  });

  it("closes a reader whose unread events were dropped", async () => {
    const buffer = new AnswerBuffer({ maxEvents: 2, maxChars: 10_000 });
    buffer.push("a");
    const reader = buffer.stream(0).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe("id: 1\ndata: a\n\n");
    for (const data of ["b", "c", "d"]) buffer.push(data);
    expect((await reader.read()).done).toBe(true);
  });
});
