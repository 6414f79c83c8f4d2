/**
 * The recent events of one answer in flight, numbered from 1, so that a reader that arrives late
 * (a reloaded page, a second tab) or lost its connection can read on from the last id it saw
 * (SSE's `Last-Event-ID`). Memory is bounded: past `maxEvents` events or `maxChars` characters of data the oldest events
 * are dropped, and a reader that needs one of them is told so rather than shown a gap.
 */

import "server-only";

type BufferedEvent = { id: number; data: string };

type BufferLimits = { maxEvents: number; maxChars: number };

const encoder = new TextEncoder();

export class AnswerBuffer {
  private events: BufferedEvent[] = [];
  private chars = 0;
  private nextId = 1;
  private ended = false;
  private wakers: (() => void)[] = [];

  constructor(private readonly limits: BufferLimits) {}

  /** Adds an event (the `data` of one SSE event) and answers its id. */
  push(data: string) {
    if (this.ended) throw new Error("The answer has already ended.");
    const event = { id: this.nextId++, data };
    this.events.push(event);
    this.chars += data.length;
    while (
      this.events.length > 1 &&
      (this.events.length > this.limits.maxEvents || this.chars > this.limits.maxChars)
    ) {
      this.chars -= this.events.shift()?.data.length ?? 0;
    }
    this.wake();
    return event.id;
  }

  /** No more events will come. */
  end() {
    this.ended = true;
    this.wake();
  }

  get finished() {
    return this.ended;
  }

  /** The id of the last event pushed (0 before the first). */
  get lastId() {
    return this.nextId - 1;
  }

  /** The events after `lastId`, or null when some of them were already dropped. */
  after(lastId: number): BufferedEvent[] | null {
    const oldest = this.events[0]?.id ?? this.nextId;
    if (lastId + 1 < oldest) return null;
    return this.events.slice(Math.max(0, lastId + 1 - oldest));
  }

  /** Resolves at the next event or at the end. */
  changed() {
    return new Promise<void>((resolve) => this.wakers.push(resolve));
  }

  /**
   * The events after `lastId` as an SSE body (`id:` and `data:` lines), live until the answer
   * ends. A reader that falls so far behind that events it has not read are dropped is closed,
   * and reconnects with the last id it saw (then learns that the rest is gone).
   */
  stream(lastId: number): ReadableStream<Uint8Array> {
    let position = lastId;
    let cancelled = false;
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        for (;;) {
          if (cancelled) return;
          const events = this.after(position);
          if (events === null) {
            controller.close();
            return;
          }
          if (events.length > 0) {
            for (const event of events) controller.enqueue(encodeEvent(event));
            position = events.at(-1)?.id ?? position;
            return;
          }
          if (this.ended) {
            controller.close();
            return;
          }
          await this.changed();
        }
      },
      cancel: () => {
        cancelled = true;
      },
    });
  }

  private wake() {
    const wakers = this.wakers;
    this.wakers = [];
    for (const wake of wakers) wake();
  }
}

export const encodeEvent = ({ id, data }: BufferedEvent) => encoder.encode(`id: ${id}\ndata: ${data}\n\n`);
