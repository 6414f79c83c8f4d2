"use client";

import { Markdown } from "../agent/markdown.tsx";
import { useShowAll } from "./show-all.tsx";

/** `text/markdown`, drawn as the agent's own messages are (no raw HTML), cut past the text limit. */
export function MarkdownOutput({ text }: { text: string }) {
  const { shown, notice } = useShowAll(text);
  return (
    <>
      <Markdown text={shown} />
      {notice}
    </>
  );
}
