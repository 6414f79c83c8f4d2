"use client";

import { useEffect, useRef, useState } from "react";
import type { SessionRow } from "#common/synced-tables.ts";
import { api } from "../../_trpc/react.tsx";
import styles from "./session-tools.module.css";

const dateTime = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

/**
 * The analysis's read-only links: create one (its address is shown this once: Ada keeps only a
 * fingerprint of it), see them all, revoke any at once.
 */
export function ShareDialog({ session, onClose }: { session: SessionRow; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [created, setCreated] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const utils = api.useUtils();
  const links = api.shares.list.useQuery({ sessionId: session.id });
  type Link = NonNullable<typeof links.data>[number];
  /** The changed link is shown at once, then the list is read again (another tab may have changed it). */
  const show = (link: Link) => {
    utils.shares.list.setData({ sessionId: session.id }, (list = []) =>
      list.some((other) => other.id === link.id)
        ? list.map((other) => (other.id === link.id ? link : other))
        : [link, ...list],
    );
    void utils.shares.list.invalidate({ sessionId: session.id });
  };
  const create = api.shares.create.useMutation({
    onSuccess: ({ token: _token, path, ...link }) => {
      setCreated(new URL(path, window.location.origin).href);
      setCopied(false);
      show(link);
    },
  });
  const revoke = api.shares.revoke.useMutation({ onSuccess: show });

  useEffect(() => dialog.current?.showModal(), []);
  const copy = async () => {
    if (!created) return;
    await navigator.clipboard.writeText(created).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  const error = create.error ?? revoke.error ?? links.error;

  return (
    <dialog ref={dialog} className={styles.dialog} onClose={onClose} aria-labelledby="share-title">
      <h2 id="share-title">Share “{session.title}”</h2>
      <p className={styles.muted}>
        Anyone with a link sees this analysis read-only — questions, answers, code and outputs — without
        signing in. They see nothing of your account or your files under /data.
      </p>
      <div className={styles.row}>
        <button
          type="button"
          className={styles.primaryButton}
          disabled={create.isPending}
          onClick={() => create.mutate({ sessionId: session.id })}
        >
          {create.isPending ? "Creating…" : "Create a link"}
        </button>
      </div>
      {created ? (
        <div className={styles.created}>
          <label htmlFor="share-link">New link (copy it now: it is shown only once)</label>
          <div className={styles.row}>
            <input
              id="share-link"
              className={styles.linkField}
              readOnly
              value={created}
              onFocus={(event) => event.currentTarget.select()}
            />
            <button type="button" className={styles.secondaryButton} onClick={() => void copy()}>
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
        </div>
      ) : null}
      {error ? (
        <p className={styles.errorText} role="alert">
          {error.message}
        </p>
      ) : null}
      <h3>Links</h3>
      {links.data?.length === 0 ? <p className={styles.muted}>No links yet.</p> : null}
      <ul className={styles.links} aria-label="Links">
        {links.data?.map((link) => (
          <li key={link.id} data-testid="share-link" data-revoked={Boolean(link.revokedAt)}>
            <code>/s/{link.prefix}…</code>
            <span className={styles.muted}>
              {link.revokedAt
                ? `revoked ${dateTime.format(link.revokedAt)}`
                : `created ${dateTime.format(link.createdAt)}`}
            </span>
            {link.revokedAt ? null : (
              <button
                type="button"
                className={styles.textButton}
                disabled={revoke.isPending}
                onClick={() => revoke.mutate({ id: link.id })}
                aria-label={`Revoke the link /s/${link.prefix}…`}
              >
                Revoke
              </button>
            )}
          </li>
        ))}
      </ul>
      <form method="dialog" className={styles.row}>
        <button type="submit" className={styles.secondaryButton}>
          Close
        </button>
      </form>
    </dialog>
  );
}
