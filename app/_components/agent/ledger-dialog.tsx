"use client";

import { useEffect, useRef } from "react";
import type { Ledger } from "../../_agent/ledger.ts";
import { formatSize } from "../../_lib/format-size.ts";
import styles from "./ledger.module.css";

const time = new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
const count = new Intl.NumberFormat("en");

type Props = {
  ledger: Ledger;
  open: boolean;
  onClose: () => void;
  /** "Cell 3" for a tool call id, as the transcript numbers them. */
  cellLabel: (toolCallId: string) => string;
};

/**
 * What left the browser for the model, per request: the tool results it carried (the only
 * dataset-derived text a request holds) and their size. The total is the gateway's own count.
 */
export function LedgerDialog({ ledger, open, onClose, cellLabel }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (open && !dialog.current?.open) dialog.current?.showModal();
    if (!open && dialog.current?.open) dialog.current.close();
  }, [open]);

  return (
    <dialog ref={dialog} className={styles.dialog} onClose={onClose} aria-labelledby="ledger-title">
      <header className={styles.header}>
        <h2 id="ledger-title">What this analysis sent out</h2>
        <button type="button" className={styles.close} onClick={onClose}>
          Close
        </button>
      </header>
      <p className={styles.hint}>
        Each request carries your messages, the agent&apos;s code, and the names, sizes and column types of
        the files under /data — never a file itself. What your data produced reaches the model only as the
        results of cells you ran, listed here as sent (private columns masked).
      </p>
      <p className={styles.total} data-testid="ledger-total" data-bytes={ledger.totalBytes}>
        {count.format(ledger.entries.length)} {ledger.entries.length === 1 ? "request" : "requests"} ·{" "}
        {formatSize(ledger.totalBytes)} of cell results in all ({count.format(ledger.totalBytes)} bytes)
      </p>
      <ol className={styles.requests}>
        {ledger.entries.map((entry, index) => (
          <li
            key={entry.request.id}
            className={styles.request}
            data-testid="ledger-request"
            data-bytes={entry.bytes}
          >
            <div className={styles.requestLine}>
              <span className={styles.requestName}>Request {index + 1}</span>
              <span className={styles.muted}>
                {time.format(entry.request.created_at)} · {entry.request.model}
              </span>
              <span className={styles.size}>
                {entry.items.length ? `${count.format(entry.bytes)} bytes` : "no cell results"}
              </span>
            </div>
            {entry.items.length ? (
              <details className={styles.items}>
                <summary>
                  {entry.items.length} cell {entry.items.length === 1 ? "result" : "results"}
                </summary>
                {entry.items.map((item) => (
                  <div
                    key={item.toolCallId}
                    className={styles.item}
                    data-testid="ledger-item"
                    data-bytes={item.bytes}
                  >
                    <div className={styles.muted}>
                      {cellLabel(item.toolCallId)} · {count.format(item.bytes)} bytes
                    </div>
                    <pre className={styles.text}>{item.text}</pre>
                  </div>
                ))}
              </details>
            ) : null}
          </li>
        ))}
      </ol>
    </dialog>
  );
}
