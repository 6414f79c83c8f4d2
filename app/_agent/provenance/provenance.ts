/**
 * Provenance of the numbers in an answer: each number and date the agent wrote is matched against
 * the values in the outputs of the cells that ran so far, tolerant to how it was written —
 * rounding to the precision shown, thousands separators, `k`/`million`, percentages against
 * fractions, a dropped minus sign, scientific notation, dates in common formats. A match links
 * to its cell; a number found nowhere is "not computed", unless the user's question, the file
 * list or the column names hold it, or it is a year or a small count (0–10), which prose uses
 * without computing them.
 */
import { findMentions, type Mention, type NumberMention } from "./mentions.ts";
import type { SourceLocation, SourceValue } from "./sources.ts";

export type Provenance =
  | { status: "computed"; start: number; end: number; text: string; source: SourceLocation }
  | { status: "not-computed"; start: number; end: number; text: string }
  | { status: "context"; start: number; end: number; text: string };

/** Integers up to this are counts prose uses freely ("3 steps", "the top 5"); they are never flagged. */
const SMALL_COUNT = 10;

const amount = (mention: NumberMention) => mention.value * mention.scale;

/** Half a unit of the last digit shown: what rounding to that precision may have moved. */
const tolerance = (mention: NumberMention) =>
  0.5 * 10 ** -mention.decimals * mention.scale + 1e-9 * Math.abs(amount(mention));

/** The values a source number may have been written as: itself, and as a percentage or a fraction. */
function readingsOf(answer: NumberMention, source: NumberMention) {
  const value = amount(source);
  if (answer.percent && !source.percent) return [value, value * 100];
  if (!answer.percent && source.percent) return [value, value / 100];
  return [value];
}

function numberMatches(answer: NumberMention, source: NumberMention) {
  const wanted = amount(answer);
  const slack = tolerance(answer);
  return readingsOf(answer, source).some(
    // Prose drops the sign ("fell by 3.2%" for -0.032).
    (value) => Math.abs(value - wanted) <= slack || Math.abs(Math.abs(value) - Math.abs(wanted)) <= slack,
  );
}

function matches(answer: Mention, source: Mention) {
  if (answer.kind === "date") {
    if (source.kind === "date") {
      return answer.readings.some((wanted) => source.readings.some((found) => found.startsWith(wanted)));
    }
    return false;
  }
  if (source.kind === "date") {
    // A year in the answer matches a date in that year.
    return answer.isYear && source.readings.some((found) => found.startsWith(String(answer.value)));
  }
  return numberMatches(answer, source);
}

/** Written the same in the context (question, file list, column names): the reader gave it. */
function inContext(answer: Mention, context: readonly Mention[]) {
  return context.some((given) =>
    answer.kind === "date" || given.kind === "date"
      ? given.text === answer.text
      : amount(given) === amount(answer) && given.percent === answer.percent,
  );
}

const isCasual = (mention: Mention) =>
  mention.kind === "number" &&
  (mention.isYear ||
    (mention.decimals === 0 &&
      mention.scale === 1 &&
      !mention.percent &&
      Number.isInteger(mention.value) &&
      Math.abs(mention.value) <= SMALL_COUNT));

/**
 * Every number and date in `answer`, with where it came from. `context` is the text the user
 * gave (their questions, the file list, the column names).
 */
export function traceNumbers(answer: string, sources: readonly SourceValue[], context: string): Provenance[] {
  const given = findMentions(context);
  return findMentions(answer).map((mention) => {
    const { start, end, text } = mention;
    const found = sources.find((source) => matches(mention, source.mention));
    if (found) return { status: "computed", start, end, text, source: found.at };
    if (isCasual(mention) || inContext(mention, given)) return { status: "context", start, end, text };
    return { status: "not-computed", start, end, text };
  });
}
