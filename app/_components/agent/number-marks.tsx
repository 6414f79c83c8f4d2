"use client";

import type { ReactNode } from "react";
import type { Provenance } from "../../_agent/provenance/provenance.ts";
import type { SourceLocation } from "../../_agent/provenance/sources.ts";
import styles from "./agent.module.css";
import { showSource } from "./show-source.ts";

/** Traces the numbers of one piece of the answer's text (provenance.ts, bound to the turn's cells). */
export type TraceNumbers = (text: string) => Provenance[];

type Hast = { type: string; value?: string; tagName?: string; properties?: object; children?: Hast[] };

/** Elements whose text is code or already a link: their numbers are left alone. */
const SKIPPED = new Set(["code", "pre", "a"]);

/**
 * A rehype plugin: each number in the answer's text becomes a `span` carrying its provenance
 * (rendered by `NumberMark`); years, small counts and the user's own numbers stay plain text.
 */
export function rehypeNumbers(trace: TraceNumbers) {
  const split = (node: Hast): Hast[] => {
    const text = node.value ?? "";
    const marks = trace(text).filter((mark) => mark.status !== "context");
    if (!marks.length) return [node];
    const parts: Hast[] = [];
    let at = 0;
    for (const mark of marks) {
      if (mark.start > at) parts.push({ type: "text", value: text.slice(at, mark.start) });
      parts.push({
        type: "element",
        tagName: "span",
        properties: { dataProvenance: JSON.stringify(mark) },
        children: [{ type: "text", value: mark.text }],
      });
      at = mark.end;
    }
    if (at < text.length) parts.push({ type: "text", value: text.slice(at) });
    return parts;
  };
  const walk = (node: Hast) => {
    if (!node.children || (node.tagName && SKIPPED.has(node.tagName))) return;
    const children = node.children;
    node.children = children.flatMap((child) => (child.type === "text" ? split(child) : [child]));
    // The marks just made hold only their number: only the elements that were there go deeper.
    for (const child of children) if (child.type !== "text") walk(child);
  };
  return () => walk;
}

const placeOf = (source: SourceLocation) =>
  source.row !== undefined
    ? `row ${source.row + 1}${source.field ? `, column ${source.field}` : ""}`
    : `line ${(source.line ?? 0) + 1}`;

/** A number of the answer: a link to the output it came from, or marked "not computed". */
export function NumberMark({ provenance, children }: { provenance: string; children: ReactNode }) {
  const mark = JSON.parse(provenance) as Provenance;
  if (mark.status === "computed") {
    return (
      <a
        href={`#cell-${mark.source.cellId}`}
        className={styles.computed}
        data-testid="number-computed"
        title={`Computed: output ${mark.source.output + 1} of its cell, ${placeOf(mark.source)}. Click to show it.`}
        onClick={(event) => {
          event.preventDefault();
          showSource(mark.source);
        }}
      >
        {children}
      </a>
    );
  }
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: focus shows the explanation to keyboard users too
    <span className={styles.notComputed} data-testid="number-not-computed" tabIndex={0}>
      {children}
      <span className={styles.notComputedMark} aria-hidden>
        ?
      </span>
      <span className={styles.explain} role="tooltip">
        Not computed: no cell that ran shows this number. The agent may have estimated or invented it; check
        it before you rely on it.
      </span>
    </span>
  );
}
