"use client";

import { useEffect, useRef, useState } from "react";
import { createPortal } from "react-dom";
import { messageOf } from "#common/error-message.ts";
import type { SessionRow } from "#common/synced-tables.ts";
import { api } from "../../_trpc/react.tsx";
import { saveFile } from "../outputs/save-file.ts";
import styles from "./session-tools.module.css";
import { ShareDialog } from "./share-dialog.tsx";

const EXPORTS = [
  { format: "ipynb", label: "Download notebook (.ipynb)" },
  { format: "py", label: "Download script (.py)" },
  { format: "html", label: "Download report (.html)" },
] as const;

type Props = { session: SessionRow; onReplay: () => void };

/** An analysis's menu in the sidebar: its exports, "Re-run from scratch" and its share links. */
export function SessionMenu({ session, onReplay }: Props) {
  const [isOpen, setIsOpen] = useState(false);
  const [isSharing, setIsSharing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const root = useRef<HTMLSpanElement>(null);
  const exporter = api.sessions.export.useMutation();

  useEffect(() => {
    if (!isOpen) return;
    const close = (event: Event) => {
      if (
        event instanceof KeyboardEvent
          ? event.key === "Escape"
          : !root.current?.contains(event.target as Node)
      ) {
        setIsOpen(false);
      }
    };
    document.addEventListener("pointerdown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("pointerdown", close);
      document.removeEventListener("keydown", close);
    };
  }, [isOpen]);

  const download = async (format: (typeof EXPORTS)[number]["format"]) => {
    setIsOpen(false);
    setError(null);
    try {
      const file = await exporter.mutateAsync({ id: session.id, format });
      saveFile(file.fileName, new Blob([file.content], { type: file.mimeType }));
    } catch (failure) {
      setError(`Could not export “${session.title}”: ${messageOf(failure)}`);
    }
  };
  const choose = (action: () => void) => () => {
    setIsOpen(false);
    action();
  };

  return (
    // Active, it stays in view where the row's actions show only on hover.
    <span
      ref={root}
      className={styles.menuRoot}
      data-active={isOpen || exporter.isPending || Boolean(error) || undefined}
    >
      <button
        type="button"
        aria-label={`More for ${session.title}`}
        title="Export, re-run, share"
        aria-haspopup="menu"
        aria-expanded={isOpen}
        onClick={() => {
          setError(null);
          setIsOpen((open) => !open);
        }}
      >
        <svg width="15" height="15" viewBox="0 0 24 24" aria-hidden="true">
          <circle cx="5" cy="12" r="1.8" fill="currentColor" />
          <circle cx="12" cy="12" r="1.8" fill="currentColor" />
          <circle cx="19" cy="12" r="1.8" fill="currentColor" />
        </svg>
      </button>
      {isOpen ? (
        <div className={styles.menu} role="menu" aria-label={`${session.title}: export, re-run, share`}>
          {EXPORTS.map(({ format, label }) => (
            <button key={format} type="button" role="menuitem" onClick={() => void download(format)}>
              {label}
            </button>
          ))}
          <hr />
          <button type="button" role="menuitem" onClick={choose(onReplay)}>
            Re-run from scratch
          </button>
          <button type="button" role="menuitem" onClick={choose(() => setIsSharing(true))}>
            Share read-only link…
          </button>
        </div>
      ) : null}
      {exporter.isPending ? (
        <span className={styles.busy} role="status">
          Exporting…
        </span>
      ) : null}
      {error ? (
        <span className={styles.menuError} role="alert">
          {error}
        </span>
      ) : null}
      {/* In the body: the sidebar row's styles and hover-only visibility are not the dialog's. */}
      {isSharing
        ? createPortal(<ShareDialog session={session} onClose={() => setIsSharing(false)} />, document.body)
        : null}
    </span>
  );
}
