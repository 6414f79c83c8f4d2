import { describe, expect, it } from "vitest";
import { estimateHiddenReasoning, hasHiddenReasoning, THINKING_TOKENS_PER_SECOND } from "./reasoning.ts";

describe("hidden reasoning", () => {
  it("is assumed for OpenAI's reasoning models only", () => {
    const openai = (upstream: string) => hasHiddenReasoning({ provider: "openai", upstream });
    expect(openai("gpt-5.4-mini")).toBe(true);
    expect(openai("gpt-5.5")).toBe(true);
    expect(openai("o3")).toBe(true);
    expect(openai("openai/gpt-5")).toBe(true);
    expect(openai("gpt-4o")).toBe(false);
    expect(openai("llama3.3")).toBe(false);
    expect(hasHiddenReasoning({ provider: "anthropic", upstream: "claude-sonnet-5-5" })).toBe(false);
    expect(hasHiddenReasoning({ provider: "demo", upstream: "ada-demo" })).toBe(false);
  });

  it("is estimated from the time spent before visible output, at the assumed rate", () => {
    expect(estimateHiddenReasoning(2_000, 100_000)).toBe(2 * THINKING_TOKENS_PER_SECOND);
    expect(estimateHiddenReasoning(1, 100_000)).toBe(1);
    expect(estimateHiddenReasoning(-5, 100_000)).toBe(0);
  });

  it("never exceeds the output the reservation still covers", () => {
    expect(estimateHiddenReasoning(600_000, 4_096)).toBe(4_096);
    expect(estimateHiddenReasoning(1_000, -3)).toBe(0);
  });
});
