"use client";

import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import styles from "./agent.module.css";

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

/** The model's Markdown (GitHub flavour); raw HTML in it is not rendered, nor are images loaded. */
export function Markdown({ text }: { text: string }) {
  return (
    <div className={styles.markdown}>
      <ReactMarkdown remarkPlugins={[remarkGfm]} components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
