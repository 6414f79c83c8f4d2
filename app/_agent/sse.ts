/** The `data` (and `id`, when sent) of each server-sent event in a response body, up to OpenAI's `[DONE]`. */
import { EventSourceParserStream } from "eventsource-parser/stream";

export async function* sseEvents(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<{ id: string | undefined; data: string }> {
  const reader = body
    .pipeThrough(new TextDecoderStream() as ReadableWritablePair<string, Uint8Array>)
    .pipeThrough(new EventSourceParserStream())
    .getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield { id: value.id, data: value.data };
      if (value.data === "[DONE]") return;
    }
  } finally {
    // An early exit (Stop, an error) cancels the body, which closes the connection.
    await reader.cancel().catch(() => {});
  }
}
