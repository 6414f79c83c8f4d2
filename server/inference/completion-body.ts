/** A whole (non-streamed) Chat Completions answer, in OpenAI's shape, from the chunks it was streamed as. */
import "server-only";
import type { ChunkAccumulator, Usage } from "#common/chunk-accumulator.ts";

export function completionBody(acc: ChunkAccumulator, model: string, usage: Usage | undefined) {
  const toolCalls = acc.toolCalls.map((call) => ({
    id: call.id,
    type: "function" as const,
    function: { name: call.name, arguments: call.arguments },
  }));
  return {
    id: acc.id,
    object: "chat.completion",
    created: acc.created,
    model,
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: acc.content || null,
          refusal: null,
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: acc.finishReason ?? "stop",
        logprobs: null,
      },
    ],
    usage,
  };
}
