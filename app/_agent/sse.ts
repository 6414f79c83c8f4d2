/** The `data` of each server-sent event in a response body, until OpenAI's `[DONE]`. */
import { EventSourceParserStream } from "eventsource-parser/stream";

export async function* sseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body
    .pipeThrough(new TextDecoderStream() as ReadableWritablePair<string, Uint8Array>)
    .pipeThrough(new EventSourceParserStream())
    .getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || value.data === "[DONE]") return;
      yield value.data;
    }
  } finally {
    // An early exit (Stop, an error) cancels the body, which closes the connection.
    await reader.cancel().catch(() => {});
  }
}
