import { countTokens } from "gpt-tokenizer/encoding/o200k_base";
import { describe, expect, it } from "vitest";
import { countText, countTexts, PIECE_CHARS, pieces } from "./token-count.ts";

/** A counter that remembers what it was given, counting a token per character. */
function recordingCounter() {
  const lengths: number[] = [];
  const count = (piece: string) => {
    lengths.push(piece.length);
    return piece.length;
  };
  return { lengths, count };
}

const TWO_MB = 2_000_000;

describe("pieces", () => {
  it("cover the text exactly, none longer than the limit", () => {
    const text = `${"word ".repeat(300)}${"x".repeat(1_000)}\n${"😀".repeat(400)}`;
    const parts = [...pieces(text)];
    expect(parts.join("")).toBe(text);
    expect(Math.max(...parts.map((part) => part.length))).toBeLessThanOrEqual(PIECE_CHARS);
  });

  it("cut before whitespace in ordinary text, so words stay whole", () => {
    const parts = [...pieces("lorem ipsum dolor ".repeat(100))];
    expect(parts.slice(1).every((part) => part.startsWith(" "))).toBe(true);
  });

  it("never split a surrogate pair", () => {
    const parts = [...pieces(`a${"😀".repeat(1_000)}`)];
    for (const part of parts) expect(part.codePointAt(part.length - 1)).not.toBe(0xd83d);
  });
});

describe("countText", () => {
  it("never hands the tokenizer more than PIECE_CHARS at once, even 2 MB of one letter", () => {
    const { lengths, count } = recordingCounter();
    expect(countText("a".repeat(TWO_MB), count)).toBe(TWO_MB);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(PIECE_CHARS);
  });

  it("reads text that looks like special tokens as ordinary text", () => {
    for (const special of ["<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|endofprompt|>"]) {
      // As a special token it would be one token; as text it is several.
      expect(countText(special)).toBeGreaterThan(1);
      expect(countText(`say ${special} twice ${special}`)).toBeGreaterThan(2 * countText(special));
    }
  });

  it("counts ordinary text as the tokenizer does whole", () => {
    const text = "The quick brown fox jumps over the lazy dog. ".repeat(200);
    expect(countText(text)).toBe(countTokens(text));
  });
});

describe("countTexts", () => {
  it("counts several texts in pieces of at most PIECE_CHARS", async () => {
    const { lengths, count } = recordingCounter();
    const texts = ["a".repeat(TWO_MB), "<|endoftext|>".repeat(1_000), "short"];
    const total = await countTexts(texts, { count });
    expect(total).toBe(texts.reduce((sum, text) => sum + text.length, 0));
    expect(Math.max(...lengths)).toBeLessThanOrEqual(PIECE_CHARS);
  });

  it("agrees with countText within its budget", async () => {
    const texts = ["Hello there, <|im_start|>system", "naïve café — 東京 😀"];
    expect(await countTexts(texts)).toBe(countText(texts[0] ?? "") + countText(texts[1] ?? ""));
  });

  it("gives the event loop back between slices", async () => {
    let turns = 0;
    let counting = true;
    const tick = () => {
      if (!counting) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    await countTexts(["word ".repeat(PIECE_CHARS * 2)], { sliceMs: 0 });
    counting = false;
    expect(turns).toBeGreaterThanOrEqual(5);
  });

  it("serves one slice per turn of the event loop, however many counts run at once", async () => {
    const events: string[] = [];
    const count = (piece: string) => {
      events.push("count");
      return piece.length;
    };
    let counting = true;
    const tick = () => {
      if (!counting) return;
      events.push("turn");
      setImmediate(tick);
    };
    setImmediate(tick);
    const text = "word ".repeat(PIECE_CHARS);
    await Promise.all([1, 2, 3].map(() => countTexts([text], { count, sliceMs: 0 })));
    counting = false;
    // Each count's first slice runs at once; from the first turn on, one slice a turn.
    const turns = events.slice(events.indexOf("turn")).join(" ").split("turn");
    const slicesPerTurn = turns.map((between) => between.split(" ").filter(Boolean).length);
    expect(Math.max(...slicesPerTurn)).toBe(1);
  });

  it("past its budget, bounds the rest by UTF-8 bytes (never below the real count)", async () => {
    const text = "naïve café — 東京 ".repeat(100);
    const bounded = await countTexts([text, "abc"], { budgetMs: 0 });
    expect(bounded).toBe(Buffer.byteLength(text) + 3);
    expect(bounded).toBeGreaterThanOrEqual(countText(text) + countText("abc"));
  });
});
