/**
 * The tool-result bytes of a Chat Completions request: the UTF-8 size of every `role: "tool"`
 * message's text. For the browser agent that is the dataset-derived text (stdout, tables, chart
 * specs, errors) the request carries to the provider, which the session's ledger shows; the
 * gateway stores it on the request's usage row.
 */
import "server-only";
import { type ChatMessage, contentText } from "#common/chat-schema.ts";

export function toolResultBytes(request: { messages: readonly ChatMessage[] }) {
  let bytes = 0;
  for (const message of request.messages) {
    if (message.role === "tool") bytes += Buffer.byteLength(contentText(message.content), "utf8");
  }
  return bytes;
}
