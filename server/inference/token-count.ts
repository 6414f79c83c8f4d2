/**
 * Token counting that cannot stall the process, whatever the text. gpt-tokenizer's BPE merge is
 * quadratic in the length of one run of letters, punctuation, whitespace or CJK (40,000 letters
 * took 1.6 s on one core), and it throws on text that looks like a special token. So:
 *
 * - the tokenizer only ever sees pieces of at most PIECE_CHARS characters, cut before whitespace
 *   where there is some (where it would split anyway, so ordinary text counts exactly);
 * - text that looks like a special token (`<|endoftext|>`…) is counted as the ordinary text it is;
 * - `countTexts` gives the event loop back every SLICE_MS, one slice of all counts per turn, and
 *   after BUDGET_MS of counting bounds the rest by its UTF-8 length (each byte-level BPE token
 *   covers at least one byte), so one request costs at most about BUDGET_MS of CPU and no number
 *   of them holds the loop longer than a slice at a time.
 *
 * Figures behind these numbers: bench/results/abuse.md and `npm run bench:abuse`.
 */
import "server-only";
import { countTokens, setMergeCacheSize } from "gpt-tokenizer/encoding/o200k_base";

/** Longest text handed to the tokenizer at once. */
export const PIECE_CHARS = 256;
/** Longest stretch of counting between two turns of the event loop. */
const SLICE_MS = 4;
/** Counting time one call may spend before the rest is bounded by bytes. */
const BUDGET_MS = 1_000;

// The tokenizer caches merged pieces (up to 100,000 by default). Unique pieces are what an attacker
// sends; 10,000 of at most 256 characters (and their tokens) hold about 25 MB at worst.
setMergeCacheSize(10_000);

/** No special token is allowed, and none is disallowed: they are read as plain text. */
const AS_TEXT = { disallowedSpecial: new Set<string>() };

type PieceCounter = (piece: string) => number;
const countPiece: PieceCounter = (piece) => countTokens(piece, AS_TEXT);

const isSpace = (code: number) => code === 32 || code === 10 || code === 9 || code === 13;
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** `text` in consecutive pieces of at most `max` characters; joined, they are `text` again. */
export function* pieces(text: string, max = PIECE_CHARS): Generator<string> {
  let start = 0;
  while (text.length - start > max) {
    let end = start + max;
    let cut = end;
    // Scanning back at most half a piece keeps the whole walk linear.
    while (cut > start + max / 2 && !isSpace(text.charCodeAt(cut))) cut--;
    if (cut > start + max / 2) end = cut;
    else if (isHighSurrogate(text.charCodeAt(end - 1))) end--;
    yield text.slice(start, end);
    start = end;
  }
  if (start < text.length) yield start === 0 ? text : text.slice(start);
}

/** Tokens of a text, counted piece by piece on the spot (for short texts and tests). */
export function countText(text: string, count: PieceCounter = countPiece) {
  let total = 0;
  for (const piece of pieces(text)) total += count(piece);
  return total;
}

type CountOptions = {
  count?: PieceCounter;
  sliceMs?: number;
  budgetMs?: number;
};

/**
 * Counts waiting for their next slice, served one per turn of the event loop: however many
 * requests are counting, everything else (health checks, other requests) waits at most one slice
 * per turn, and the counts share the time round-robin.
 */
const waiting: (() => void)[] = [];

function serveOne() {
  waiting.shift()?.();
  if (waiting.length) setImmediate(serveOne);
}

function nextTurn() {
  return new Promise<void>((resolve) => {
    waiting.push(resolve);
    if (waiting.length === 1) setImmediate(serveOne);
  });
}

/**
 * Tokens of several texts: exact while within the time budget, then an upper bound by bytes.
 * Yields to the event loop between slices, so other requests (and health checks) go on meanwhile.
 */
export async function countTexts(
  texts: Iterable<string>,
  { count = countPiece, sliceMs = SLICE_MS, budgetMs = BUDGET_MS }: CountOptions = {},
) {
  let total = 0;
  let spent = 0;
  let sliceStart = performance.now();
  for (const text of texts) {
    let counted = 0;
    for (const piece of pieces(text)) {
      if (spent >= budgetMs) break;
      total += count(piece);
      counted += piece.length;
      const elapsed = performance.now() - sliceStart;
      if (elapsed >= sliceMs) {
        spent += elapsed;
        await nextTurn();
        sliceStart = performance.now();
      }
    }
    if (counted < text.length) total += Buffer.byteLength(counted ? text.slice(counted) : text, "utf8");
  }
  return total;
}
