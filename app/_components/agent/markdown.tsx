"use client";

import { useMemo } from "react";
import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import styles from "./agent.module.css";
import { NumberMark, rehypeNumbers, type TraceNumbers } from "./number-marks.tsx";

/**
 * Images are never loaded: an answer has none of its own (charts are cell outputs), and an image
 * URL is a request that carries whatever the model put in it to whoever serves it. The reader
 * sees the alt text and the URL as text instead (the page's CSP blocks such loads too).
 */
const components: Components = {
  img: ({ src, alt }) => {
    const url = typeof src === "string" ? src : "";
    return (
      <span data-testid="unloaded-image">
        {alt || "Image"} ({url ? "image not loaded: " : "image not loaded"}
        {url ? <code>{url}</code> : null})
      </span>
    );
  },
};

const withNumbers: Components = {
  ...components,
  span: ({ node: _node, ...props }) => {
    const provenance = (props as { "data-provenance"?: string })["data-provenance"];
    return provenance ? (
      <NumberMark provenance={provenance}>{props.children}</NumberMark>
    ) : (
      <span {...props} />
    );
  },
};

/**
 * The model's Markdown (GitHub flavour); raw HTML in it is not rendered, nor are images loaded.
 * With `trace`, its numbers link to the cells they came from or are marked "not computed".
 */
export function Markdown({ text, trace }: { text: string; trace?: TraceNumbers }) {
  const rehypePlugins = useMemo(() => (trace ? [rehypeNumbers(trace)] : []), [trace]);
  return (
    <div className={styles.markdown}>
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        rehypePlugins={rehypePlugins}
        components={trace ? withNumbers : components}
      >
        {text}
      </ReactMarkdown>
    </div>
  );
}
