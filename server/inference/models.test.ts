import { describe, expect, it } from "vitest";
import { type Model, servedModels } from "./models.ts";

const model = (id: string, provider: Model["provider"]): Model => ({
  id,
  provider,
  upstream: id,
  contextWindow: 100_000,
  maxOutputTokens: 10_000,
  tokenWeight: 1,
});
const registry = [model("gpt", "openai"), model("claude", "anthropic")];
const ids = (served: Model[]) => served.map((m) => m.id);

describe("servedModels", () => {
  it("serves the models whose provider has a key, and the demo only when no key is configured", () => {
    expect(ids(servedModels(registry, { openaiKey: "k", anthropicKey: "k" }))).toEqual(["gpt", "claude"]);
    expect(ids(servedModels(registry, { anthropicKey: "k" }))).toEqual(["claude"]);
    expect(ids(servedModels(registry, {}))).toEqual(["ada-demo"]);
  });

  it("serves the demo when DEMO_MODEL is on, last, whatever keys there are", () => {
    expect(ids(servedModels(registry, { openaiKey: "k", anthropicKey: "k", demo: true }))).toEqual([
      "gpt",
      "claude",
      "ada-demo",
    ]);
    expect(ids(servedModels(registry, { demo: true }))).toEqual(["ada-demo"]);
  });

  it("never serves the demo when DEMO_MODEL is off", () => {
    expect(ids(servedModels(registry, { openaiKey: "k", demo: false }))).toEqual(["gpt"]);
    expect(ids(servedModels(registry, { demo: false }))).toEqual([]);
  });

  it("lists the demo as owned by the demo provider", () => {
    expect(servedModels(registry, {})[0]?.provider).toBe("demo");
  });

  it("uses a registry's own demo entries instead of the built-in one, still last", () => {
    const custom = [model("my-demo", "demo"), ...registry];
    expect(ids(servedModels(custom, { openaiKey: "k", demo: true }))).toEqual(["gpt", "my-demo"]);
  });
});
