/**
 * Numbers and dates as people write them, found in text with their positions: `1,234.5`,
 * `−3.2`, `45%`, `45 percent`, `1.2 million`, `3.4k`, `1.2e-5`, `1.2 × 10^-5`, and dates as
 * `2024-01-15`, `15/01/2024`, `Jan 15, 2024`, `15 January 2024` or `January 2024`. A number
 * inside a word (`H2O`, `x2`, `3rd`, `v5`) is not a mention. Used on the agent's answer and on
 * the text of cell outputs alike (provenance.ts matches them).
 */

export type NumberMention = {
  kind: "number";
  start: number;
  end: number;
  text: string;
  /** The value as written, before `scale` (45 for `45%`, 1.2 for `1.2 million`). */
  value: number;
  /** Digits shown after the decimal point: the precision the writer rounded to. */
  decimals: number;
  /** 1, 1e3, 1e6 or 1e9 (`k`, `thousand`, `million`, `M`, `billion`, `bn`). */
  scale: number;
  percent: boolean;
  /** Four digits between 1800 and 2100, nothing else: probably a year rather than a value. */
  isYear: boolean;
};

type DateMention = {
  kind: "date";
  start: number;
  end: number;
  text: string;
  /** `YYYY-MM-DD`, or `YYYY-MM` for a month; two readings for an ambiguous `03/04/2024`. */
  readings: string[];
};

export type Mention = NumberMention | DateMention;

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH = String.raw`(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?`;
const DAY = String.raw`(\d{1,2})(?:st|nd|rd|th)?`;
const YEAR = String.raw`(\d{4})`;

/** Dates first: their digits must not be read as numbers too. */
const DATE_PATTERNS: [RegExp, (m: RegExpExecArray) => string[]][] = [
  [
    /(?<![\p{L}\p{N}])(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\p{L}\p{N}])/gu,
    (m) => [day(m[1], m[2], m[3])],
  ],
  [
    /(?<![\p{L}\p{N}/])(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?![\p{L}\p{N}])/gu,
    (m) => [day(m[3], m[1], m[2]), day(m[3], m[2], m[1])],
  ],
  [
    new RegExp(String.raw`(?<![\p{L}\p{N}])${MONTH} ${DAY},? ${YEAR}(?![\p{L}\p{N}])`, "giu"),
    (m) => [day(m[3], monthOf(m[1]), m[2])],
  ],
  [
    new RegExp(String.raw`(?<![\p{L}\p{N}])${DAY} ${MONTH},? ${YEAR}(?![\p{L}\p{N}])`, "giu"),
    (m) => [day(m[3], monthOf(m[2]), m[1])],
  ],
  [
    new RegExp(String.raw`(?<![\p{L}\p{N}])${MONTH},? ${YEAR}(?![\p{L}\p{N}])`, "giu"),
    (m) => [`${m[2]}-${pad(monthOf(m[1]))}`],
  ],
];

const pad = (n: string | number | undefined) => String(n ?? "").padStart(2, "0");
const monthOf = (name: string | undefined) =>
  String(MONTHS.indexOf((name ?? "").slice(0, 3).toLowerCase()) + 1);

/** `YYYY-MM-DD` when it is a real day, else "" (dropped). */
function day(year: string | undefined, month: string | undefined, dayOfMonth: string | undefined) {
  const y = Number(year);
  const m = Number(month);
  const d = Number(dayOfMonth);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return "";
  return `${year}-${pad(month)}-${pad(dayOfMonth)}`;
}

/**
 * sign · digits (thousands separators allowed) · decimals · exponent (`e-5`, `× 10^-5`) · scale
 * or percent. Not after a letter, digit, `_` or `.`; not before a letter or digit.
 */
const NUMBER =
  /(?<![\p{L}\p{N}_.])(?<sign>[-−]?)[$€£]?(?<int>\d{1,3}(?:,\d{3})+(?!\d)|\d+)?(?:\.(?<frac>\d+))?(?:[eE](?<exp>[-+−]?\d+)|\s?[×x]\s?10\^?(?<exp10>[-+−]?\d+|[⁻⁺]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))?(?<scale>\s?%|\s?percent\b|\s?(?:thousand|million|billion)\b|(?:k|K|M|bn)(?![\p{L}\p{N}_]))?(?![\p{L}\p{N}_])/gu;

const SCALES: Record<string, number> = {
  k: 1e3,
  thousand: 1e3,
  m: 1e6,
  million: 1e6,
  bn: 1e9,
  billion: 1e9,
};

const SUPERSCRIPT: Record<string, string> = {
  "⁰": "0",
  "¹": "1",
  "²": "2",
  "³": "3",
  "⁴": "4",
  "⁵": "5",
  "⁶": "6",
  "⁷": "7",
  "⁸": "8",
  "⁹": "9",
  "⁻": "-",
  "⁺": "+",
};

const exponentOf = (text: string | undefined) =>
  text === undefined
    ? 0
    : Number(
        [...text]
          .map((char) => SUPERSCRIPT[char] ?? char)
          .join("")
          .replace("−", "-"),
      );

function numberAt(match: RegExpExecArray): NumberMention | null {
  const groups = match.groups ?? {};
  const { sign = "", int, frac, exp, exp10, scale: scaleText } = groups;
  if (int === undefined && frac === undefined) return null;
  const digits = `${(int ?? "0").replaceAll(",", "")}${frac ? `.${frac}` : ""}`;
  const exponent = exponentOf(exp ?? exp10);
  const value = (sign ? -1 : 1) * Number(digits) * 10 ** exponent;
  if (!Number.isFinite(value)) return null;
  const unit = scaleText?.trim().toLowerCase() ?? "";
  const percent = unit === "%" || unit === "percent";
  const text = match[0];
  return {
    kind: "number",
    start: match.index,
    end: match.index + text.length,
    text,
    value,
    decimals: Math.max(0, (frac?.length ?? 0) - exponent),
    scale: SCALES[unit] ?? 1,
    percent,
    isYear:
      !sign &&
      !frac &&
      !exp &&
      !exp10 &&
      !unit &&
      /^\d{4}$/.test(int ?? "") &&
      value >= 1800 &&
      value <= 2100,
  };
}

/** Every number and date mentioned in the text, in order. */
export function findMentions(text: string): Mention[] {
  const mentions: Mention[] = [];
  const taken: [number, number][] = [];
  const free = (start: number, end: number) => taken.every(([s, e]) => end <= s || start >= e);
  for (const [pattern, readingsOf] of DATE_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      const readings = [...new Set(readingsOf(match))].filter(Boolean);
      if (!readings.length || !free(start, end)) continue;
      taken.push([start, end]);
      mentions.push({ kind: "date", start, end, text: match[0], readings });
    }
  }
  for (const match of text.matchAll(NUMBER)) {
    if (!match[0]) continue;
    const found = numberAt(match);
    if (found && free(found.start, found.end)) mentions.push(found);
  }
  return mentions.sort((a, b) => a.start - b.start);
}
