/**
 * The abusive prompts of `npm run bench:abuse`, and the token-count options measured on them in
 * the benchmark's own process: one string whole, bounded pieces, slices with a budget.
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { countText, countTexts } from "../server/inference/token-count.ts";
import { ms } from "./harness.ts";

/** Two messages of this many characters: a body just under 2 MB, each message under 1 MB as JSON. */
export const MESSAGE_CHARS = 990_000;
const SPECIAL = "<|endoftext|><|im_start|><|im_end|><|endofprompt|>";

function randomLetters(length: number) {
  const letters = "abcdefghijklmnopqrstuvwxyz";
  let text = "";
  for (let i = 0; i < length; i++) text += letters[Math.floor(Math.random() * letters.length)];
  return text;
}
export const fill = (unit: string, length: number) =>
  unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
/**
 * One message of each kind. Random letters are drawn afresh for every use: the tokenizer caches
 * the pieces it has merged, and an attacker would not repeat them.
 */
export const prompts = {
  "one letter": () => fill("a", MESSAGE_CHARS),
  "special-token lookalikes": () => fill(SPECIAL, MESSAGE_CHARS),
  "random letters": () => randomLetters(MESSAGE_CHARS),
};
export type PromptKind = keyof typeof prompts;

/** Milliseconds `run` takes, and the event loop's longest stall meanwhile (all of it, if synchronous). */
async function timed(run: () => unknown) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const start = performance.now();
  const result = run();
  const synchronous = !(result instanceof Promise);
  await result;
  const took = performance.now() - start;
  delay.disable();
  return { took, stall: synchronous ? took : delay.max / 1e6 };
}

/** The options, measured in this process: the cost of one string whole grows with its square. */
export async function countingOptions() {
  const rows: string[] = [];
  for (const length of [10_000, 20_000, 40_000]) {
    const { took } = await timed(() => countTokens("a".repeat(length)));
    rows.push(`| ${length.toLocaleString("en")} letters \`a\`, one string | ${ms(took)} | ${ms(took)} |`);
  }
  for (const [kind, prompt] of Object.entries(prompts)) {
    let texts = [prompt(), prompt()];
    const sync = await timed(() => texts.reduce((sum, text) => sum + countText(text), 0));
    texts = [prompt(), prompt()];
    const sliced = await timed(() => countTexts(texts));
    texts = [prompt(), prompt()];
    const bytes = await timed(() => texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0));
    rows.push(
      `| 2 MB ${kind}, pieces of 256 at once | ${ms(sync.took)} | ${ms(sync.stall)} |`,
      `| 2 MB ${kind}, pieces in 4 ms slices, 1 s budget (the gateway) | ${ms(sliced.took)} | ${ms(sliced.stall)} |`,
      `| 2 MB ${kind}, byte-length bound only | ${ms(bytes.took)} | ${ms(bytes.stall)} |`,
    );
  }
  return rows;
}
