import { describe, expect, it } from "vitest";
import { cutText, stripAnsi, TEXT_LIMIT, utf8Length } from "./big-text.ts";

describe("utf8Length", () => {
  it("counts the bytes UTF-8 takes: 1 for ASCII, 2–3 for other BMP characters, 4 for a surrogate pair", () => {
    for (const text of ["", "45\n", "é", "€ ünïcode", "📈 chart", "a\ud800"]) {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});

describe("cutText", () => {
  it("leaves text within the limit whole", () => {
    expect(cutText("x".repeat(TEXT_LIMIT))).toEqual({ text: "x".repeat(TEXT_LIMIT), isCut: false });
  });

  it("cuts after the last line break near the limit, so no line is split", () => {
    const line = `${"y".repeat(99)}\n`;
    const text = line.repeat(2_000); // 200,000 characters
    const { text: shown, isCut } = cutText(text);
    expect(isCut).toBe(true);
    expect(shown).toBe(line.repeat(1_000));
  });

  it("cuts at the limit when there is no line break near it, never inside a surrogate pair", () => {
    const text = `${"a".repeat(9)}📈${"b".repeat(10)}`;
    expect(cutText(text, 10)).toEqual({ text: "a".repeat(9), isCut: true });
    expect(cutText("z".repeat(30), 10)).toEqual({ text: "z".repeat(10), isCut: true });
  });
});

describe("stripAnsi", () => {
  it("removes terminal colour codes from an IPython-style traceback", () => {
    expect(stripAnsi("\u001b[0;31mZeroDivisionError\u001b[0m: division by zero")).toBe(
      "ZeroDivisionError: division by zero",
    );
  });
});
