"use client";

import { type FormEvent, type KeyboardEvent, useState } from "react";
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
  onStop: () => void;
};

/** The message box: Enter sends, Shift+Enter starts a new line; Stop while the agent works. */
export function Composer(props: Props) {
  const [text, setText] = useState("");
  const noModels = props.models?.length === 0;
  const canSend = !props.busy && Boolean(props.model) && text.trim().length > 0;
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!canSend) return;
    props.onSend(text.trim());
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
        <span className={styles.pythonStatus} data-testid="python-status">
          {props.pythonStatus}
        </span>
        {props.busy ? (
          <button type="button" className={styles.danger} onClick={props.onStop}>
            Stop
          </button>
        ) : (
          <button type="submit" className={styles.primary} disabled={!canSend}>
            Send
          </button>
        )}
      </div>
    </form>
  );
}
