"use client";

import styles from "./admin.module.css";

/** A Revoke button that asks first, with the mutation's error beside it (keys and share links). */
export function RevokeButton(props: {
  question: string;
  pending: boolean;
  error: { message: string } | null;
  onRevoke: () => void;
}) {
  return (
    <span className={styles.inline}>
      <button
        type="button"
        className={styles.button}
        data-tone="critical"
        disabled={props.pending}
        onClick={() => window.confirm(props.question) && props.onRevoke()}
      >
        Revoke
      </button>
      {props.error ? <span className={styles.error}>{props.error.message}</span> : null}
    </span>
  );
}
