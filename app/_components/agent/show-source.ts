/**
 * Clicking a computed number: scroll to the output it came from and highlight the value there
 * (the line of a stream, the cell of a table), or the whole output when the value is not on
 * screen (a table page not shown, text cut after its limit). Uses the CSS Custom Highlight API,
 * which marks a text range without changing the DOM React owns.
 */
import type { SourceLocation } from "../../_agent/provenance/sources.ts";

const HIGHLIGHT = "ada-provenance";
const FLASH_MS = 2500;

/** The text range holding `text` in the element, on line `line` of its text when given. */
function rangeOf(root: Element, text: string, line: number | undefined) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let lineAt = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const value = node.nodeValue ?? "";
    let from = 0;
    for (const [index, piece] of value.split("\n").entries()) {
      if (index > 0) lineAt++;
      const found = piece.indexOf(text);
      if (found >= 0 && (line === undefined || lineAt === line)) {
        const range = document.createRange();
        range.setStart(node, from + found);
        range.setEnd(node, from + found + text.length);
        return range;
      }
      from += piece.length + 1;
    }
  }
  return null;
}

/** A table cell (or any element) whose whole text is the value. */
function cellHolding(root: Element, text: string) {
  return [...root.querySelectorAll("td, th")].find((cell) => cell.textContent?.trim() === text) ?? null;
}

export function showSource(source: SourceLocation) {
  const cell = document.querySelector(`[data-cell-id="${CSS.escape(source.cellId)}"]`);
  const output = cell?.querySelectorAll('[data-testid="output"]')[source.output] ?? cell;
  if (!output) return;
  const tableCell = source.row !== undefined ? cellHolding(output, source.text) : null;
  const range = tableCell ? null : rangeOf(output, source.text, source.line);
  const target = tableCell ?? range?.startContainer.parentElement ?? output;
  target.scrollIntoView({ block: "center", behavior: "smooth" });
  const flashed = tableCell ?? output;
  flashed.setAttribute("data-provenance-target", tableCell ? "cell" : "output");
  if (range && "highlights" in CSS) CSS.highlights.set(HIGHLIGHT, new Highlight(range));
  setTimeout(() => {
    flashed.removeAttribute("data-provenance-target");
    if ("highlights" in CSS) CSS.highlights.delete(HIGHLIGHT);
  }, FLASH_MS);
}
