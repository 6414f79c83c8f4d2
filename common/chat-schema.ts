/**
 * The OpenAI Chat Completions request as the gateway accepts it. Unknown top-level fields are kept
 * (the OpenAI provider passes them through); the ones the gateway reasons about are validated.
 */
import { z } from "zod";

const textPart = z.object({ type: z.literal("text"), text: z.string() });
const imagePart = z.object({
  type: z.literal("image_url"),
  image_url: z.object({ url: z.string(), detail: z.enum(["auto", "low", "high"]).optional() }),
});
const userContent = z.union([z.string(), z.array(z.union([textPart, imagePart])).min(1)]);
const textContent = z.union([z.string(), z.array(textPart)]);

const toolCallSchema = z.object({
  id: z.string().min(1),
  type: z.literal("function"),
  function: z.object({ name: z.string().min(1), arguments: z.string() }),
});

const messageSchema = z.discriminatedUnion("role", [
  z.object({ role: z.literal("system"), content: textContent, name: z.string().optional() }),
  z.object({ role: z.literal("developer"), content: textContent, name: z.string().optional() }),
  z.object({ role: z.literal("user"), content: userContent, name: z.string().optional() }),
  z.object({
    role: z.literal("assistant"),
    content: textContent.nullish(),
    name: z.string().optional(),
    tool_calls: z.array(toolCallSchema).optional(),
  }),
  z.object({ role: z.literal("tool"), content: textContent, tool_call_id: z.string().min(1) }),
]);
export type ChatMessage = z.infer<typeof messageSchema>;

const toolSchema = z.object({
  type: z.literal("function"),
  function: z.object({
    name: z.string().regex(/^[\w-]{1,64}$/, "tool names are 1-64 letters, digits, _ or -"),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().nullish(),
  }),
});
export type Tool = z.infer<typeof toolSchema>;

const toolChoiceSchema = z.union([
  z.enum(["none", "auto", "required"]),
  z.object({ type: z.literal("function"), function: z.object({ name: z.string() }) }),
]);

export const chatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1, "messages must contain at least one message"),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  tools: z.array(toolSchema).max(128).optional(),
  tool_choice: toolChoiceSchema.optional(),
  parallel_tool_calls: z.boolean().optional(),
  n: z.literal(1).nullish(),
  user: z.string().optional(),
});
export type ChatRequest = z.infer<typeof chatRequestSchema>;

/** Text of a message's content, parts joined (images are not text). */
export function contentText(content: ChatMessage["content"]) {
  if (content == null) return "";
  if (typeof content === "string") return content;
  return content.map((part) => (part.type === "text" ? part.text : "")).join("");
}
