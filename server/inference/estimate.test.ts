import { describe, expect, it, vi } from "vitest";
import {
  countCompletionTokens,
  countPromptTokens,
  estimateCompletionTokens,
  estimateForeignPromptTokens,
  estimatePromptTokens,
  FOREIGN_TOKENIZER_MARGIN,
} from "./estimate.ts";
import { PIECE_CHARS } from "./token-count.ts";

/** The tokenizer refuses long texts here: its merge is quadratic, so a long text is a stall. */
const MOST_AT_ONCE = vi.hoisted(() => 256);
vi.mock("gpt-tokenizer/encoding/o200k_base", async (importOriginal) => {
  const tokenizer = await importOriginal<typeof import("gpt-tokenizer/encoding/o200k_base")>();
  return {
    ...tokenizer,
    countTokens: (text: string, options?: Parameters<typeof tokenizer.countTokens>[1]) => {
      if (text.length > MOST_AT_ONCE) throw new Error(`the tokenizer was handed ${text.length} characters`);
      return tokenizer.countTokens(text, options);
    },
  };
});

const SPECIALS = "<|endoftext|><|im_start|>system<|im_sep|><|im_end|><|endofprompt|>";
const user = (content: string) => ({ messages: [{ role: "user" as const, content }] });

describe("prompt estimates", () => {
  it("count within the tokenizer's bound", () => {
    expect(PIECE_CHARS).toBeLessThanOrEqual(MOST_AT_ONCE);
  });

  it("count a 2 MB single-letter prompt in bounded pieces", async () => {
    const prompt = user("a".repeat(2_000_000));
    expect(countPromptTokens(prompt)).toBeGreaterThan(2_000_000 / 16);
    expect(await estimatePromptTokens(prompt)).toBe(countPromptTokens(prompt));
  });

  it("count a prompt of special tokens as ordinary text", async () => {
    const prompt = user(SPECIALS.repeat(20_000));
    // Each lookalike is several tokens of text, not one special token.
    expect(countPromptTokens(prompt)).toBeGreaterThan(5 * 20_000 * 3);
    expect(await estimatePromptTokens(prompt)).toBe(countPromptTokens(prompt));
  });

  it("count special-token lookalikes in tool calls, tool definitions and response formats", async () => {
    const plain = {
      messages: [
        { role: "user" as const, content: "hi" },
        {
          role: "assistant" as const,
          content: null,
          tool_calls: [{ id: "c1", type: "function" as const, function: { name: "run", arguments: "{}" } }],
        },
      ],
      tools: [{ type: "function" as const, function: { name: "run", description: "runs" } }],
      response_format: { type: "json_object" },
    };
    const tricky = {
      messages: [
        plain.messages[0],
        {
          ...plain.messages[1],
          tool_calls: [
            {
              id: "c1",
              type: "function" as const,
              function: { name: "run", arguments: `{"x":"${SPECIALS}"}` },
            },
          ],
        },
      ],
      tools: [{ type: "function" as const, function: { name: "run", description: SPECIALS } }],
      response_format: { type: "json_schema", name: SPECIALS },
    } as typeof plain;
    expect(countPromptTokens(tricky)).toBeGreaterThan(countPromptTokens(plain) + 3 * 5);
    expect(await estimatePromptTokens(tricky)).toBe(countPromptTokens(tricky));
  });

  it("scale the same count for other tokenizers (the Anthropic fallback)", async () => {
    const prompt = user(SPECIALS);
    expect(await estimateForeignPromptTokens(prompt)).toBe(
      Math.ceil(countPromptTokens(prompt) * FOREIGN_TOKENIZER_MARGIN),
    );
  });
});

describe("output counts", () => {
  it("count model output that looks like special tokens", async () => {
    expect(countCompletionTokens(SPECIALS)).toBeGreaterThan(5);
    expect(await estimateCompletionTokens(SPECIALS.repeat(10_000))).toBe(
      countCompletionTokens(SPECIALS.repeat(10_000)),
    );
  });
});
