"use client";

import { type FormEvent, type KeyboardEvent, type ReactNode, useState } from "react";
import styles from "./agent.module.css";

export type ModelOption = { id: string; label: string };

type Props = {
  busy: boolean;
  models: ModelOption[] | undefined;
  model: string | null;
  onModelChange: (model: string) => void;
  autoRun: boolean;
  onAutoRunChange: (autoRun: boolean) => void;
  pythonStatus: string;
  onSend: (text: string) => void;
  /** While the agent works: the message waits for its turn to end (the follow-up queue). */
  onQueue: (text: string) => void;
  /** While the model streams: stop its answer and send the message now. */
  onSteer?: (text: string) => void;
  /** Ends the agent's turn; absent while only a cell runs (it has its own Interrupt). */
  onStop?: () => void;
  /** More controls for the bar (the run's budget, the ledger). */
  children?: ReactNode;
};

/**
 * The message box: Enter sends, Shift+Enter starts a new line. While the agent works, Enter
 * queues the message for when its turn ends, Steer interrupts the answer streaming with it, and
 * Stop ends the turn.
 */
export function Composer(props: Props) {
  const [text, setText] = useState("");
  const noModels = props.models?.length === 0;
  const canSend = Boolean(props.model) && text.trim().length > 0;
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!canSend) return;
    if (props.busy) props.onQueue(text.trim());
    else props.onSend(text.trim());
    setText("");
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
  };

  return (
    <form className={styles.composer} onSubmit={submit}>
      <textarea
        className={styles.input}
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        placeholder={
          noModels ? "No models are configured on this server." : "Ask a question about your data…"
        }
        aria-label="Message"
        rows={2}
        disabled={noModels}
      />
      <div className={styles.composerBar}>
        <label className={styles.field}>
          <span className={styles.srOnly}>Model</span>
          <select
            className={styles.modelSelect}
            value={props.model ?? ""}
            onChange={(event) => props.onModelChange(event.target.value)}
            aria-label="Model"
            disabled={!props.models?.length}
          >
            {props.models === undefined ? <option value="">Loading models…</option> : null}
            {props.models?.map((model) => (
              <option key={model.id} value={model.id}>
                {model.label}
              </option>
            ))}
          </select>
        </label>
        <label className={styles.toggle}>
          <input
            type="checkbox"
            checked={props.autoRun}
            onChange={(event) => props.onAutoRunChange(event.target.checked)}
          />
          Run code automatically
        </label>
        {props.children}
        <span className={styles.pythonStatus} data-testid="python-status">
          {props.pythonStatus}
        </span>
        {props.busy ? (
          <>
            <button
              type="submit"
              className={styles.secondary}
              disabled={!canSend}
              title="Send when the agent's turn ends"
            >
              Queue
            </button>
            {props.onSteer ? (
              <button
                type="button"
                className={styles.secondary}
                disabled={!canSend}
                title="Interrupt the answer and send this now"
                onClick={() => {
                  props.onSteer?.(text.trim());
                  setText("");
                }}
              >
                Steer
              </button>
            ) : null}
            {props.onStop ? (
              <button type="button" className={styles.danger} onClick={props.onStop}>
                Stop
              </button>
            ) : null}
          </>
        ) : (
          <button type="submit" className={styles.primary} disabled={!canSend}>
            Send
          </button>
        )}
      </div>
    </form>
  );
}
