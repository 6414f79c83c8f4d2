"use client";

import { useEffect, useState } from "react";
import type { ToolCallRow } from "#common/synced-tables.ts";
import { CellOutputs } from "../outputs/cell-outputs.tsx";
import styles from "./agent.module.css";
import { CodeEditor } from "./code-editor.tsx";
import type { LiveRun } from "./use-agent.ts";

type Props = {
  cell: ToolCallRow;
  live: LiveRun | undefined;
  pythonReady: boolean;
  /** Set when the cell is the agent's fix for the failed cell(s) before it. */
  fix?: { number: number; of: number /** Tokens of the request that proposed it. */; cost?: number };
  onRun: (code: string) => void;
  onSkip: (reason?: string) => void;
  onInterrupt: () => void;
};

const STATUS_LABEL = {
  pending: "Proposed",
  running: "Running",
  completed: "Completed",
  skipped: "Skipped",
  error: "Error",
} as const;

/** The status badge's tone (ui.module.css); a skipped cell's stays neutral. */
const STATUS_TONE = {
  pending: "accent",
  running: "accent",
  completed: "ok",
  skipped: undefined,
  error: "critical",
} as const;

const CODE_MAX_HEIGHT = "320px";

/** One proposed Python cell: Run / Edit / Skip while pending, then what ran and what came out. */
export function CellView({ cell, live, pythonReady, fix, onRun, onSkip, onInterrupt }: Props) {
  const [draft, setDraft] = useState(cell.proposed_code);
  const [editing, setEditing] = useState(false);
  const [skipping, setSkipping] = useState(false);
  const [showProposal, setShowProposal] = useState(false);
  const running = live !== undefined && live.result === null;
  const pending = cell.status === "pending" && !live;
  const status = running ? "running" : live?.result ? live.result.status : cell.status;
  const executed = live?.code ?? cell.executed_code;
  const edited = executed != null && executed !== cell.proposed_code;
  const run = () => {
    setEditing(false);
    onRun(draft);
  };
  const cancelEdit = () => {
    setDraft(cell.proposed_code);
    setEditing(false);
  };

  return (
    <section
      className={styles.cell}
      data-testid="cell"
      data-status={status}
      data-cell-id={cell.id}
      id={`cell-${cell.id}`}
      aria-label="Python cell"
    >
      <header className={styles.cellHeader}>
        <span className={styles.cellKind}>Python</span>
        {fix ? (
          <span
            className={styles.badge}
            data-tone="strong"
            title="The agent's correction of the failed cell above"
          >
            Fix {fix.number} of {fix.of}
          </span>
        ) : null}
        {fix?.cost !== undefined ? (
          <span
            className={styles.hint}
            data-testid="fix-cost"
            title="Tokens of the model call that proposed this fix"
          >
            {fix.cost.toLocaleString("en")} tokens
          </span>
        ) : null}
        <span className={styles.badge} data-tone={STATUS_TONE[status]}>
          {STATUS_LABEL[status]}
        </span>
        {edited ? <span className={styles.badge}>Edited</span> : null}
        {edited ? (
          <button type="button" className={styles.linkButton} onClick={() => setShowProposal((s) => !s)}>
            {showProposal ? "Hide proposal" : "Show proposal"}
          </button>
        ) : null}
      </header>
      {showProposal ? (
        <div className={styles.proposal}>
          <CodeEditor value={cell.proposed_code} readOnly label="Proposed code" />
        </div>
      ) : null}
      <CodeEditor
        value={pending ? draft : (executed ?? cell.proposed_code)}
        onChange={setDraft}
        readOnly={!pending || !editing}
        autoFocus={editing}
        // Long code scrolls in place, so the transcript shows what came out of it.
        maxHeight={editing ? undefined : CODE_MAX_HEIGHT}
        onSubmit={pending && pythonReady ? run : undefined}
        onCancel={editing ? cancelEdit : undefined}
        label={editing ? "Edit the code, then Run (Ctrl+Enter)" : "Python code"}
      />
      {pending && skipping ? (
        <SkipForm onSkip={(reason) => onSkip(reason || undefined)} onCancel={() => setSkipping(false)} />
      ) : pending ? (
        <div className={styles.cellActions}>
          <button
            type="button"
            className={styles.primary}
            onClick={run}
            disabled={!pythonReady}
            title={pythonReady ? "Run this code (Ctrl+Enter)" : "Python is starting…"}
          >
            {editing ? "Run edited code" : "Run"}
          </button>
          {editing ? (
            <button type="button" className={styles.secondary} onClick={cancelEdit}>
              Cancel edit
            </button>
          ) : (
            <button type="button" className={styles.secondary} onClick={() => setEditing(true)}>
              Edit
            </button>
          )}
          <button type="button" className={styles.secondary} onClick={() => setSkipping(true)}>
            Skip
          </button>
          {!pythonReady ? <span className={styles.hint}>Python is starting…</span> : null}
        </div>
      ) : null}
      {running ? (
        <div className={styles.cellActions}>
          <button type="button" className={styles.danger} onClick={onInterrupt}>
            Interrupt
          </button>
          <Elapsed since={live.startedAt} />
          {live.progress ? <span className={styles.hint}>{live.progress}</span> : null}
        </div>
      ) : null}
      <CellOutputs outputs={live ? live.outputs : (cell.outputs ?? [])} />
      {live?.saveError ? (
        <p className={styles.error} role="alert">
          The result could not be saved: {live.saveError}
        </p>
      ) : null}
    </section>
  );
}

/** Skipping asks, optionally, why: the agent is told, so it can try something else. */
function SkipForm({ onSkip, onCancel }: { onSkip: (reason: string) => void; onCancel: () => void }) {
  const [reason, setReason] = useState("");
  return (
    <form
      className={styles.cellActions}
      onSubmit={(event) => {
        event.preventDefault();
        onSkip(reason.trim());
      }}
    >
      <input
        className={styles.skipReason}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        onKeyDown={(event) => event.key === "Escape" && onCancel()}
        maxLength={500}
        placeholder="Why skip? The agent is told (optional)"
        aria-label="Reason for skipping"
        // biome-ignore lint/a11y/noAutofocus: the field appears because the user just asked to skip
        autoFocus
      />
      <button type="submit" className={styles.secondary}>
        Skip cell
      </button>
      <button type="button" className={styles.linkButton} onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, []);
  return <span className={styles.hint}>Running for {Math.floor((now - since) / 1000)} s</span>;
}
