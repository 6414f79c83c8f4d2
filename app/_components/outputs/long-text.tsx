"use client";

import { useShowAll } from "./show-all.tsx";

/** Preformatted text (streams, tracebacks, text/plain), cut past the text limit. */
export function LongText({ text, className }: { text: string; className: string | undefined }) {
  const { shown, notice } = useShowAll(text);
  return (
    <>
      <pre className={className}>{shown}</pre>
      {notice}
    </>
  );
}
