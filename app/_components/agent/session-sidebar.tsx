"use client";

import { type FormEvent, type ReactNode, useState } from "react";
import type { SessionRow } from "#common/synced-tables.ts";
import styles from "./agent.module.css";

type Props = {
  sessions: SessionRow[];
  loading: boolean;
  selected: string | null;
  onSelect: (id: string | null) => void;
  onRename: (id: string, title: string) => Promise<unknown>;
  onDelete: (id: string) => Promise<unknown>;
  /** More actions on an analysis (exports, re-run, share), beside rename and delete. */
  menu?: (session: SessionRow) => ReactNode;
};

/** The account's analyses, newest first: open, start a new one, rename, delete. */
export function SessionSidebar({ sessions, loading, selected, onSelect, onRename, onDelete, menu }: Props) {
  const [renaming, setRenaming] = useState<string | null>(null);
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string | null>(null);
  const ordered = [...sessions].sort((a, b) => b.updated_at.getTime() - a.updated_at.getTime());

  const submitRename = async (event: FormEvent, id: string) => {
    event.preventDefault();
    try {
      await onRename(id, title);
      setRenaming(null);
      setError(null);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "Could not rename it.");
    }
  };
  const remove = async (session: SessionRow) => {
    if (!window.confirm(`Delete “${session.title}” and its cells? This cannot be undone.`)) return;
    try {
      await onDelete(session.id);
      if (selected === session.id) onSelect(null);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "Could not delete it.");
    }
  };

  return (
    <nav className={styles.sessions} aria-label="Analyses">
      <button type="button" className={styles.newSession} onClick={() => onSelect(null)}>
        + New analysis
      </button>
      {error ? (
        <p className={styles.error} role="alert">
          {error}
        </p>
      ) : null}
      {loading && ordered.length === 0 ? <p className={styles.hint}>Loading…</p> : null}
      {!loading && ordered.length === 0 ? (
        <p className={styles.hint}>Your analyses will appear here.</p>
      ) : null}
      <ul className={styles.sessionList}>
        {ordered.map((session) => (
          <li
            key={session.id}
            className={styles.sessionItem}
            aria-current={session.id === selected ? "page" : undefined}
          >
            {renaming === session.id ? (
              <form onSubmit={(event) => submitRename(event, session.id)} className={styles.renameForm}>
                <input
                  className={styles.renameInput}
                  // biome-ignore lint/a11y/noAutofocus: the user just asked to rename this one
                  autoFocus
                  value={title}
                  maxLength={120}
                  aria-label="New title"
                  onChange={(event) => setTitle(event.target.value)}
                  onKeyDown={(event) => event.key === "Escape" && setRenaming(null)}
                />
              </form>
            ) : (
              <>
                <button type="button" className={styles.sessionTitle} onClick={() => onSelect(session.id)}>
                  {session.title}
                </button>
                <span className={styles.sessionActions}>
                  <button
                    type="button"
                    aria-label={`Rename ${session.title}`}
                    title="Rename"
                    onClick={() => {
                      setTitle(session.title);
                      setRenaming(session.id);
                    }}
                  >
                    <Icon path="M4 20h4L19 9l-4-4L4 16v4zM14 6l4 4" />
                  </button>
                  <button
                    type="button"
                    aria-label={`Delete ${session.title}`}
                    title="Delete"
                    onClick={() => remove(session)}
                  >
                    <Icon path="M5 7h14M10 11v6M14 11v6M7 7l1 13h8l1-13M9 7V4h6v3" />
                  </button>
                  {menu?.(session)}
                </span>
              </>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Icon({ path }: { path: string }) {
  return (
    <svg width="15" height="15" viewBox="0 0 24 24" aria-hidden="true">
      <path
        d={path}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
