/**
 * Limits for text outputs: what is drawn at once, and how its size is told. A cell may print a
 * megabyte; laying out and sanitizing that much on every render is what freezes a page.
 */

/** Characters of one text output drawn before "Show all" (about 100 kB of ASCII). */
export const TEXT_LIMIT = 100_000;

/** A cut lands on a line break when one is this close before the limit, so no line is split. */
const LINE_SLACK = 2_000;

/** Bytes the text takes as UTF-8, counted without encoding a copy of it. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      // A surrogate pair is one code point of four bytes.
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

type CutText = { text: string; isCut: boolean };

/**
 * The first `limit` characters of `text`, ending at a line break when there is one near the
 * limit and never in the middle of a surrogate pair.
 */
export function cutText(text: string, limit = TEXT_LIMIT): CutText {
  if (text.length <= limit) return { text, isCut: false };
  let end = limit;
  const lineEnd = text.lastIndexOf("\n", limit - 1);
  if (lineEnd !== -1 && lineEnd >= limit - LINE_SLACK) end = lineEnd + 1;
  else if (/[\ud800-\udbff]/.test(text.charAt(end - 1))) end -= 1;
  return { text: text.slice(0, end), isCut: true };
}

const ANSI_CODE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, "g");

/** Terminal colour codes (IPython colours its tracebacks), which a page shows as noise. */
export const stripAnsi = (text: string) => text.replace(ANSI_CODE, "");
