"use client";

import DOMPurify from "dompurify";
import { useEffect, useState } from "react";
import type { CellOutputs, ToolCallRow } from "../../_agent/rows.ts";
import { stderrWithError } from "../../_python/protocol.ts";
import styles from "./agent.module.css";
import { CodeEditor } from "./code-editor.tsx";
import type { LiveRun } from "./use-agent.ts";

type Props = {
  cell: ToolCallRow;
  live: LiveRun | undefined;
  pythonReady: boolean;
  onRun: (code: string) => void;
  onSkip: () => void;
  onInterrupt: () => void;
};

const STATUS_LABEL = {
  pending: "Proposed",
  running: "Running",
  completed: "Completed",
  skipped: "Skipped",
  error: "Error",
} as const;

/** One proposed Python cell: Run / Edit / Skip while pending, then what ran and what came out. */
export function CellView({ cell, live, pythonReady, onRun, onSkip, onInterrupt }: Props) {
  const [draft, setDraft] = useState(cell.proposed_code);
  const [editing, setEditing] = useState(false);
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
    <section className={styles.cell} data-testid="cell" data-status={status} aria-label="Python cell">
      <header className={styles.cellHeader}>
        <span className={styles.cellKind}>Python</span>
        <span className={styles.badge} data-tone={status}>
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
        onSubmit={pending && pythonReady ? run : undefined}
        onCancel={editing ? cancelEdit : undefined}
        label={editing ? "Edit the code, then Run (Ctrl+Enter)" : "Python code"}
      />
      {pending ? (
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
          <button type="button" className={styles.secondary} onClick={onSkip}>
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
      {live ? (
        <CellOutput
          stdout={live.stdout}
          stderr={stderrWithError(live.stderr, live.result?.error ?? null)}
          outputs={live.result}
        />
      ) : (
        <CellOutput stdout={cell.stdout ?? ""} stderr={cell.stderr ?? ""} outputs={cell.outputs} />
      )}
      {live?.saveError ? (
        <p className={styles.error} role="alert">
          The result could not be saved: {live.saveError}
        </p>
      ) : null}
    </section>
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

function CellOutput({
  stdout,
  stderr,
  outputs,
}: {
  stdout: string;
  stderr: string;
  outputs: CellOutputs | null;
}) {
  if (!stdout && !stderr && !outputs?.value && !outputs?.figures.length && !outputs?.tables.length)
    return null;
  return (
    <div className={styles.output} data-testid="cell-output">
      {stdout ? <pre className={styles.stdout}>{stdout}</pre> : null}
      {stderr ? <pre className={styles.stderr}>{stderr}</pre> : null}
      {outputs?.value ? <pre className={styles.value}>{outputs.value}</pre> : null}
      {outputs?.tables.map((table, index) => (
        <div
          // Tables are pandas' HTML, from code the model wrote: sanitized before it is shown.
          // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitized by DOMPurify
          dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(table.html) }}
          className={styles.table}
          key={`table-${index.toString()}`}
        />
      ))}
      {outputs?.figures.map((figure, index) => (
        // biome-ignore lint/performance/noImgElement: a data URL of a generated figure, nothing to optimise
        <img
          className={styles.figure}
          src={`data:image/png;base64,${figure.png}`}
          alt={`Figure ${index + 1}`}
          key={`figure-${index.toString()}`}
        />
      ))}
    </div>
  );
}
