/** Server-sent events in OpenAI's streaming format: `data: <json>` per chunk, then `data: [DONE]`. */
import "server-only";
import type { GatewayError } from "./gateway-error.ts";

const encoder = new TextEncoder();
const DONE = encoder.encode("data: [DONE]\n\n");

export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
};

export const encodeEvent = (value: unknown) => encoder.encode(`data: ${JSON.stringify(value)}\n\n`);
export const encodeDone = () => DONE;
/** A failure after the stream began travels as an event, as OpenAI sends it. */
export const encodeError = (error: GatewayError) => encodeEvent(error.toJSON());
