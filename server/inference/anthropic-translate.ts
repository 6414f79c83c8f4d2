/**
 * OpenAI Chat Completions ⇄ Anthropic Messages. Requests go one way (system prompt, content parts,
 * tool calls and results, tools, tool choice, stops); stream events come back as OpenAI chunks.
 * Sampling parameters (temperature, top_p) are dropped: the Messages API version the SDK speaks
 * (2026-10-21) no longer takes them.
 * Pure functions, so every mapping is unit-tested without a network.
 */
import "server-only";
import type {
  ContentBlockParam,
  MessageCreateParamsBase,
  MessageParam,
  RawMessageStreamEvent,
  StopReason,
  ToolChoice,
} from "@anthropic-ai/sdk/resources/messages/messages";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import { type ChatMessage, type ChatRequest, contentText } from "#common/chat-schema.ts";

type AnthropicRequest = Pick<
  MessageCreateParamsBase,
  "model" | "max_tokens" | "messages" | "system" | "tools" | "tool_choice" | "stop_sequences"
>;

export function toAnthropicRequest(
  request: ChatRequest,
  upstreamModel: string,
  maxTokens: number,
): AnthropicRequest {
  const system = request.messages
    .filter((m) => m.role === "system" || m.role === "developer")
    .map((m) => contentText(m.content))
    .join("\n\n");
  const stop = typeof request.stop === "string" ? [request.stop] : (request.stop ?? undefined);
  return {
    model: upstreamModel,
    max_tokens: maxTokens,
    messages: toAnthropicMessages(request.messages),
    ...(system ? { system } : {}),
    ...(request.tools?.length
      ? {
          tools: request.tools.map(({ function: fn }) => ({
            name: fn.name,
            ...(fn.description ? { description: fn.description } : {}),
            input_schema: { type: "object" as const, ...(fn.parameters ?? {}) },
          })),
        }
      : {}),
    ...(request.tool_choice
      ? { tool_choice: toToolChoice(request.tool_choice, request.parallel_tool_calls) }
      : {}),
    ...(stop?.length ? { stop_sequences: stop } : {}),
  };
}

function toToolChoice(choice: NonNullable<ChatRequest["tool_choice"]>, parallel?: boolean): ToolChoice {
  const disable_parallel_tool_use = parallel === false ? true : undefined;
  if (choice === "none") return { type: "none" };
  if (choice === "auto") return { type: "auto", disable_parallel_tool_use };
  if (choice === "required") return { type: "any", disable_parallel_tool_use };
  return { type: "tool", name: choice.function.name, disable_parallel_tool_use };
}

/** Anthropic wants strictly alternating user/assistant turns; tool results travel in user turns. */
export function toAnthropicMessages(messages: ChatMessage[]): MessageParam[] {
  const out: MessageParam[] = [];
  const append = (role: "user" | "assistant", blocks: ContentBlockParam[]) => {
    if (blocks.length === 0) return;
    const last = out.at(-1);
    if (last?.role === role && Array.isArray(last.content)) last.content.push(...blocks);
    else out.push({ role, content: blocks });
  };
  for (const message of messages) {
    switch (message.role) {
      case "system":
      case "developer":
        break;
      case "user":
        append("user", userBlocks(message.content));
        break;
      case "assistant": {
        const text = contentText(message.content);
        append("assistant", [
          ...(text ? [{ type: "text" as const, text }] : []),
          ...(message.tool_calls ?? []).map((call) => ({
            type: "tool_use" as const,
            id: anthropicToolId(call.id),
            name: call.function.name,
            input: parseArguments(call.function.arguments),
          })),
        ]);
        break;
      }
      case "tool":
        append("user", [
          {
            type: "tool_result",
            tool_use_id: anthropicToolId(message.tool_call_id),
            content: contentText(message.content),
          },
        ]);
        break;
    }
  }
  return out;
}

/**
 * A tool call's id as Anthropic accepts it (letters, digits, `_` and `-`). A session that began on
 * another provider carries that provider's ids; a call and its result map to the same id.
 */
function anthropicToolId(id: string) {
  return id.replace(/[^a-zA-Z0-9_-]/g, "_") || "call";
}

function userBlocks(content: Extract<ChatMessage, { role: "user" }>["content"]): ContentBlockParam[] {
  if (typeof content === "string") return content ? [{ type: "text", text: content }] : [];
  return content.map((part): ContentBlockParam => {
    if (part.type === "text") return { type: "text", text: part.text };
    const data = /^data:(image\/(?:jpeg|png|gif|webp));base64,(.*)$/s.exec(part.image_url.url);
    return data
      ? { type: "image", source: { type: "base64", media_type: data[1] as "image/png", data: data[2] ?? "" } }
      : { type: "image", source: { type: "url", url: part.image_url.url } };
  });
}

function parseArguments(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text || "{}");
    return value && typeof value === "object" && !Array.isArray(value) ? value : { value };
  } catch {
    return { arguments: text };
  }
}

const finishReasons: Record<StopReason, ChatCompletionChunk.Choice["finish_reason"]> = {
  end_turn: "stop",
  stop_sequence: "stop",
  pause_turn: "stop",
  max_tokens: "length",
  model_context_window_exceeded: "length",
  tool_use: "tool_calls",
  refusal: "content_filter",
};

/**
 * Turns one Anthropic stream into OpenAI chunks. Tool calls get their own running index
 * (Anthropic's block index counts text blocks too), and usage comes last, as OpenAI sends it.
 */
export class AnthropicStreamTranslator {
  private id = "";
  private created = Math.floor(Date.now() / 1000);
  private inputTokens = 0;
  private outputTokens = 0;
  private finishReason: ChatCompletionChunk.Choice["finish_reason"] = null;
  private readonly toolIndexByBlock = new Map<number, number>();

  constructor(private readonly model: string) {}

  push(event: RawMessageStreamEvent): ChatCompletionChunk[] {
    switch (event.type) {
      case "message_start": {
        this.id = `chatcmpl-${event.message.id}`;
        const usage = event.message.usage;
        this.inputTokens =
          usage.input_tokens +
          (usage.cache_creation_input_tokens ?? 0) +
          (usage.cache_read_input_tokens ?? 0);
        this.outputTokens = usage.output_tokens;
        return [this.chunk({ role: "assistant", content: "" })];
      }
      case "content_block_start": {
        const block = event.content_block;
        if (block.type !== "tool_use") return [];
        const index = this.toolIndexByBlock.size;
        this.toolIndexByBlock.set(event.index, index);
        return [
          this.chunk({
            tool_calls: [
              { index, id: block.id, type: "function", function: { name: block.name, arguments: "" } },
            ],
          }),
        ];
      }
      case "content_block_delta": {
        const delta = event.delta;
        if (delta.type === "text_delta") return [this.chunk({ content: delta.text })];
        if (delta.type === "input_json_delta") {
          const index = this.toolIndexByBlock.get(event.index);
          if (index === undefined || !delta.partial_json) return [];
          return [this.chunk({ tool_calls: [{ index, function: { arguments: delta.partial_json } }] })];
        }
        return [];
      }
      case "message_delta": {
        this.outputTokens = event.usage.output_tokens;
        if (event.usage.input_tokens != null) this.inputTokens = event.usage.input_tokens;
        this.finishReason = event.delta.stop_reason ? finishReasons[event.delta.stop_reason] : "stop";
        return [];
      }
      case "message_stop":
        return [
          this.chunk({}, this.finishReason ?? "stop"),
          {
            ...this.chunk({}),
            choices: [],
            usage: {
              prompt_tokens: this.inputTokens,
              completion_tokens: this.outputTokens,
              total_tokens: this.inputTokens + this.outputTokens,
            },
          },
        ];
      default:
        return [];
    }
  }

  private chunk(
    delta: ChatCompletionChunk.Choice["delta"],
    finish_reason: ChatCompletionChunk.Choice["finish_reason"] = null,
  ): ChatCompletionChunk {
    return {
      id: this.id,
      object: "chat.completion.chunk",
      created: this.created,
      model: this.model,
      choices: [{ index: 0, delta, finish_reason, logprobs: null }],
    };
  }
}
