"use client";

import { useState } from "react";
import styles from "./agent.module.css";
import type { FollowUp } from "./use-follow-ups.ts";

type Props = {
  queue: FollowUp[];
  /** Whether queued messages wait for the user (the last run was stopped) instead of going out. */
  held: boolean;
  /** The agent is free: a held message can be sent now. */
  free: boolean;
  editing: string | null;
  setEditing: (id: string | null) => void;
  edit: (id: string, text: string) => void;
  remove: (id: string) => void;
  sendNow: (id: string) => void;
};

/** Messages queued while the agent works: sent in order when its turn ends. */
export function FollowUpQueue(props: Props) {
  const [draft, setDraft] = useState("");
  if (props.queue.length === 0) return null;
  return (
    <ol className={styles.queue} aria-label="Follow-ups, sent when the turn ends">
      {props.queue.map((item) => (
        <li key={item.id} className={styles.queued} data-testid="queued-message">
          <span className={styles.queuedLabel}>{props.held ? "Waiting" : "Queued"}</span>
          {props.editing === item.id ? (
            <>
              <textarea
                className={styles.queuedInput}
                value={draft}
                onChange={(event) => setDraft(event.target.value)}
                aria-label="Edit the follow-up"
                rows={2}
              />
              <button
                type="button"
                className={styles.secondary}
                disabled={!draft.trim()}
                onClick={() => {
                  props.edit(item.id, draft.trim());
                  props.setEditing(null);
                }}
              >
                Save
              </button>
              <button type="button" className={styles.secondary} onClick={() => props.setEditing(null)}>
                Cancel
              </button>
            </>
          ) : (
            <>
              <span className={styles.queuedText}>{item.text}</span>
              {props.held && props.free ? (
                <button type="button" className={styles.secondary} onClick={() => props.sendNow(item.id)}>
                  Send now
                </button>
              ) : null}
              <button
                type="button"
                className={styles.secondary}
                onClick={() => {
                  setDraft(item.text);
                  props.setEditing(item.id);
                }}
              >
                Edit
              </button>
              <button type="button" className={styles.secondary} onClick={() => props.remove(item.id)}>
                Remove
              </button>
            </>
          )}
        </li>
      ))}
    </ol>
  );
}
