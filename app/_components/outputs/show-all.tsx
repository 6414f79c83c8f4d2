"use client";

import { useMemo, useState } from "react";
import { formatSize } from "../../_lib/format-size.ts";
import { cutText, TEXT_LIMIT, utf8Length } from "./big-text.ts";
import styles from "./outputs.module.css";

/**
 * A text output past the text limit is drawn cut, with a notice whose button draws all of it:
 * `shown` is what to draw, `notice` goes below it (null when nothing was cut).
 */
export function useShowAll(text: string) {
  const [isFull, setFull] = useState(false);
  const cut = useMemo(() => cutText(text), [text]);
  const notice = cut.isCut && !isFull ? <ShowAll full={text} onShowAll={() => setFull(true)} /> : null;
  return { shown: isFull ? text : cut.text, notice };
}

function ShowAll({ full, onShowAll }: { full: string; onShowAll: () => void }) {
  const size = useMemo(() => formatSize(utf8Length(full)), [full]);
  return (
    <p className={styles.cutNotice}>
      <span>Showing the first {TEXT_LIMIT.toLocaleString("en")} characters.</span>
      <button type="button" className={styles.linkButton} onClick={onShowAll}>
        Show all ({size})
      </button>
    </p>
  );
}
