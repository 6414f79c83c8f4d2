/**
 * Private columns: the worker masks their values in everything the model is told about a cell
 * (streams, tables, chart data, displays, errors), while the cell on screen keeps the real
 * outputs. Masking is by value, so a value printed anywhere is caught, not only in a table:
 * - text values where they stand as whole words (case-insensitive), longest first;
 * - numeric values wherever a number equal to one of them is written (`52000`, `52,000`,
 *   `52000.0`, `5.2e4`), since a program prints numbers in many forms;
 * - in JSON (table rows, chart data), every value of a field named like a private column.
 * Derived values (a mean, a rounded figure, an upper-cased name) are not the column's values and
 * are not caught; the system prompt tells the model the values are masked.
 */

import { messageOf } from "#common/error-message.ts";
import type { CellOutput, MimeBundle } from "#common/nbformat-outputs.ts";
import type { PrivateColumns } from "./protocol.ts";

export const MASK = "[private]";

/** The values pandas' read_csv reads as missing (ada_files.py): never masked, they are not data. */
const MISSING = new Set(
  ["", "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "-nan", "1.#IND", "1.#QNAN"].concat([
    "<NA>",
    "N/A",
    "NA",
    "NULL",
    "NaN",
    "None",
    "n/a",
    "nan",
    "null",
  ]),
);

/** Base64 images: what the model is told about them is only that they exist. */
const BINARY_MIMES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp"]);

const WORD = /[\p{L}\p{N}_]/u;
const isWord = (char: string | undefined) => char !== undefined && WORD.test(char);

const NUMERIC_VALUE = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
/** A number as a program may print it: sign, thousands separators, decimals, exponent. */
const NUMBER_IN_TEXT =
  /(?<![\p{L}\p{N}_.])[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\p{L}\p{N}_])/gu;

/** A number's value as written in text (`1,234.50` → 1234.5), or null. */
const numberOf = (text: string) => {
  const value = Number(text.replaceAll(",", ""));
  return Number.isFinite(value) ? value : null;
};

type PrivateValues = {
  /** Names of the private columns: values under these keys in JSON rows are masked whatever they are. */
  columns: string[];
  /** Every distinct value of those columns, as text. */
  values: string[];
};

export class Masker {
  /** Lower-cased text values. */
  private readonly texts = new Set<string>();
  /** First one or two characters of a text value → the lengths of values starting so, longest first. */
  private readonly lengths = new Map<string, number[]>();
  private readonly numbers = new Set<number>();
  private readonly columns: Set<string>;
  /** How many values were masked so far. */
  count = 0;

  constructor({ columns, values }: PrivateValues) {
    this.columns = new Set(columns);
    for (const raw of values) {
      const value = raw.trim();
      if (MISSING.has(value)) continue;
      if (NUMERIC_VALUE.test(value)) {
        const number = numberOf(value);
        if (number !== null) this.numbers.add(number);
        continue;
      }
      const key = value.toLowerCase();
      if (this.texts.has(key)) continue;
      this.texts.add(key);
      const prefix = key.slice(0, 2);
      const known = this.lengths.get(prefix) ?? [];
      if (!known.includes(key.length)) known.push(key.length);
      this.lengths.set(
        prefix,
        known.sort((a, b) => b - a),
      );
    }
  }

  get isEmpty() {
    return this.texts.size === 0 && this.numbers.size === 0 && this.columns.size === 0;
  }

  /** The text with every private value replaced by MASK. */
  maskText(text: string): string {
    return this.maskNumbers(this.maskWords(text));
  }

  private maskWords(text: string) {
    if (this.texts.size === 0) return text;
    const lower = text.toLowerCase();
    // Lower-casing changed some lengths (a rare letter): compare case-sensitively then.
    const haystack = lower.length === text.length ? lower : text;
    let out = "";
    let i = 0;
    while (i < text.length) {
      const match = this.startsAt(haystack, text, i);
      if (match) {
        out += MASK;
        this.count++;
        i += match;
      } else {
        out += text[i];
        i++;
      }
    }
    return out;
  }

  /** The length of the longest private value standing as whole words at `i`, or 0. */
  private startsAt(haystack: string, text: string, i: number) {
    if (i > 0 && isWord(text[i - 1]) && isWord(text[i])) return 0;
    const candidates = [
      ...(this.lengths.get(haystack.slice(i, i + 2)) ?? []),
      ...(this.lengths.get(haystack.slice(i, i + 1)) ?? []),
    ];
    for (const length of candidates) {
      const end = i + length;
      if (end > text.length) continue;
      if (end < text.length && isWord(text[end]) && isWord(text[end - 1])) continue;
      if (this.texts.has(haystack.slice(i, end))) return length;
    }
    return 0;
  }

  private maskNumbers(text: string) {
    if (this.numbers.size === 0) return text;
    return text.replace(NUMBER_IN_TEXT, (written) => {
      const value = numberOf(written);
      if (value === null || !this.numbers.has(value)) return written;
      this.count++;
      return MASK;
    });
  }

  /** A JSON value with private values masked; fields named like a private column lose their values. */
  maskJson(value: unknown, field?: string): unknown {
    if (value === null || value === undefined) return value;
    if (Array.isArray(value)) return value.map((item) => this.maskJson(item, field));
    if (typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.maskJson(item, key)]));
    }
    if (field !== undefined && this.columns.has(field)) {
      this.count++;
      return MASK;
    }
    if (typeof value === "string") return this.maskText(value);
    if (typeof value === "number" && this.numbers.has(value)) {
      this.count++;
      return MASK;
    }
    return value;
  }

  private maskBundle(data: MimeBundle): MimeBundle {
    return Object.fromEntries(
      Object.entries(data).map(([mime, value]) => [
        mime,
        BINARY_MIMES.has(mime)
          ? value
          : typeof value === "string"
            ? this.maskText(value)
            : this.maskJson(value),
      ]),
    );
  }

  /** The outputs as the model may be told them. */
  maskOutputs(outputs: readonly CellOutput[]): CellOutput[] {
    return outputs.map((output) => {
      switch (output.output_type) {
        case "stream":
          return { ...output, text: this.maskText(output.text) };
        case "error":
          return {
            ...output,
            evalue: this.maskText(output.evalue),
            traceback: output.traceback.map((line) => this.maskText(line)),
          };
        default:
          return { ...output, data: this.maskBundle(output.data) };
      }
    });
  }
}

/**
 * What the model may be told of a run with private columns: its outputs masked, or withheld when
 * the columns could not be read (never sent unmasked). `readValues` reads a file's column values
 * as they are before the cell runs.
 */
export async function modelView(
  privateColumns: PrivateColumns[],
  readValues: (path: string, columns: string[]) => Promise<string[]>,
) {
  try {
    if (privateColumns.length === 0) return () => undefined;
    const values: string[] = [];
    for (const { path, columns } of privateColumns) values.push(...(await readValues(path, columns)));
    const masker = new Masker({ columns: privateColumns.flatMap((file) => file.columns), values });
    return (outputs: CellOutput[]) => masker.maskOutputs(outputs);
  } catch (error) {
    const withheld = `The outputs are withheld from the model. ${messageOf(error)}`;
    return (): CellOutput[] => [{ output_type: "stream", name: "stderr", text: withheld }];
  }
}
