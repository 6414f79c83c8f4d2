/**
 * Folds OpenAI chat-completion chunks into the message they spell out: text, tool calls
 * (assembled by `index`, as their deltas interleave), finish reason and usage. Some
 * OpenAI-compatible servers send every call at index 0: a delta bringing a new call id starts a
 * new call. Plain TypeScript, used by the gateway and by the browser's agent loop.
 */
import type { ChatCompletionChunk } from "openai/resources/chat/completions";

export type AccumulatedToolCall = { id: string; name: string; arguments: string };
export type Usage = { prompt_tokens: number; completion_tokens: number; total_tokens: number };

export class ChunkAccumulator {
  id = "";
  created = 0;
  content = "";
  finishReason: string | null = null;
  usage: Usage | null = null;
  private readonly calls = new Map<number, AccumulatedToolCall>();
  /** Where each upstream index currently writes (moves on when a new id reuses an index). */
  private readonly slots = new Map<number, number>();

  push(chunk: ChatCompletionChunk) {
    this.id ||= chunk.id;
    this.created ||= chunk.created;
    if (chunk.usage) this.usage = chunk.usage;
    for (const choice of chunk.choices) {
      if (choice.delta?.content) this.content += choice.delta.content;
      for (const delta of choice.delta?.tool_calls ?? []) {
        let slot = this.slots.get(delta.index) ?? delta.index;
        const current = this.calls.get(slot);
        if (current?.id && delta.id && delta.id !== current.id) {
          slot = Math.max(...this.calls.keys(), ...this.slots.values()) + 1;
        }
        this.slots.set(delta.index, slot);
        const call = this.calls.get(slot) ?? { id: "", name: "", arguments: "" };
        if (delta.id) call.id = delta.id;
        if (delta.function?.name) call.name += delta.function.name;
        if (delta.function?.arguments) call.arguments += delta.function.arguments;
        this.calls.set(slot, call);
      }
      if (choice.finish_reason) this.finishReason = choice.finish_reason;
    }
  }

  get toolCalls(): AccumulatedToolCall[] {
    return [...this.calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call);
  }

  /** Everything the model generated, as text (for counting when no usage arrived). */
  get generatedText() {
    return this.content + this.toolCalls.map((call) => call.name + call.arguments).join("");
  }
}
