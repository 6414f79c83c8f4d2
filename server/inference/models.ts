/**
 * The model registry: which models this deployment serves, through which provider, and what a
 * token costs. Defaults are current models; INFERENCE_MODELS (JSON) replaces them. A model whose
 * provider has no API key is not served. The scripted offline demo comes last, when DEMO_MODEL
 * says so or, by default, while no provider key is configured.
 */
import "server-only";
import { z } from "zod";
import { env } from "../env.ts";
import { StartupError } from "../startup-error.ts";

const modelSchema = z.object({
  /** The name clients send as `model`. */
  id: z.string().min(1),
  provider: z.enum(["openai", "anthropic", "demo"]),
  /** The provider's own name for it. */
  upstream: z.string().min(1),
  contextWindow: z.number().int().positive(),
  maxOutputTokens: z.number().int().positive(),
  /** Quota tokens charged per model token (prompt and completion alike). */
  tokenWeight: z.number().positive().default(1),
});
export type Model = z.infer<typeof modelSchema>;
export type Provider = Model["provider"];

const defaults: Model[] = [
  {
    id: "gpt-5.4-mini",
    provider: "openai",
    upstream: "gpt-5.4-mini",
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    tokenWeight: 1,
  },
  {
    id: "gpt-5.5",
    provider: "openai",
    upstream: "gpt-5.5",
    contextWindow: 400_000,
    maxOutputTokens: 128_000,
    tokenWeight: 4,
  },
  {
    id: "claude-haiku-5-5",
    provider: "anthropic",
    upstream: "claude-haiku-5-5",
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    tokenWeight: 1,
  },
  {
    id: "claude-sonnet-5-5",
    provider: "anthropic",
    upstream: "claude-sonnet-5-5",
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    tokenWeight: 3,
  },
];

function configuredModels(): Model[] {
  if (!env.INFERENCE_MODELS) return defaults;
  let raw: unknown;
  try {
    raw = JSON.parse(env.INFERENCE_MODELS);
  } catch {
    throw new StartupError("INFERENCE_MODELS: not valid JSON (expected an array of models, see README).");
  }
  const parsed = z.array(modelSchema).min(1).safeParse(raw);
  if (!parsed.success) {
    throw new StartupError(`INFERENCE_MODELS: ${z.prettifyError(parsed.error).replaceAll("\n", " ")}`);
  }
  return parsed.data;
}

/** A fixed script in-process (providers/demo.ts), so a fresh clone runs the agent loop with no key. */
const demoModel: Model = {
  id: "ada-demo",
  provider: "demo",
  upstream: "ada-demo",
  contextWindow: 128_000,
  // Its longest reply (a chart cell with inline data) is about 1,000 tokens; a small cap keeps
  // the reservation small.
  maxOutputTokens: 2_048,
  // Metered like any model, but a walk through the demo (about 11,000 tokens) costs a newcomer
  // a tenth of that, not half of an anonymous day.
  tokenWeight: 0.1,
};

type ServedProviders = { openaiKey?: string; anthropicKey?: string; demo?: boolean };

/**
 * The models served from a registry: those whose provider has a key, in registry order, then the
 * demo (the built-in one unless the registry declares its own). `demo` undefined means "only while
 * no provider key is configured".
 */
export function servedModels(registry: readonly Model[], { openaiKey, anthropicKey, demo }: ServedProviders) {
  const isServed: Record<Provider, boolean> = {
    openai: Boolean(openaiKey),
    anthropic: Boolean(anthropicKey),
    demo: demo ?? !(openaiKey || anthropicKey),
  };
  const isDemo = (model: Model) => model.provider === "demo";
  const demos = registry.some(isDemo) ? registry.filter(isDemo) : [demoModel];
  return [...registry.filter((model) => !isDemo(model)), ...demos].filter(
    (model) => isServed[model.provider],
  );
}

/** Served models: real ones in registry order, then the demo. */
export const models: readonly Model[] = servedModels(configuredModels(), {
  openaiKey: env.OPENAI_API_KEY,
  anthropicKey: env.ANTHROPIC_API_KEY,
  demo: env.DEMO_MODEL,
});

export function findModel(id: string) {
  return models.find((model) => model.id === id);
}
