"use client";

import { formatDate } from "#common/dates.ts";
import { summarizeReplay } from "#common/replay-summary.ts";
import type { ToolCallRow } from "#common/synced-tables.ts";
import { api } from "../../_trpc/react.tsx";
import styles from "./session-tools.module.css";
import type { ReplayProgress } from "./use-replay.ts";

type Props = {
  sessionId: string;
  /** The session's cells that ran, in order: what a replay runs, numbered as they ran. */
  executed: ToolCallRow[];
  progress: ReplayProgress | null;
  onStop: () => void;
  onDismiss: () => void;
};

const VERDICT = { same: "same output ✓", different: "different output", error: "failed" } as const;

/** The replay of the open analysis: its progress while it runs, then each cell's verdict. */
export function ReplayPanel({ sessionId, executed, progress, onStop, onDismiss }: Props) {
  const replay = api.sessions.replay.useQuery({ id: sessionId }, { staleTime: 60_000 });
  const own = progress?.sessionId === sessionId ? progress : null;
  if (own?.state === "running") {
    return (
      <section className={styles.replay} aria-live="polite" data-testid="replay-panel">
        <span>
          Re-running from scratch: cell {own.done + 1} of {own.total}…
        </span>
        <progress max={own.total} value={own.done} aria-label="Replay progress" />
        <button type="button" className={styles.textButton} onClick={onStop}>
          Stop
        </button>
      </section>
    );
  }
  if (own?.state === "failed") {
    return (
      <section className={styles.replay} role="alert" data-testid="replay-panel">
        <span>{own.message}</span>
        <button type="button" className={styles.textButton} onClick={onDismiss}>
          Dismiss
        </button>
      </section>
    );
  }
  if (!replay.data) return null;
  const summary = summarizeReplay(replay.data, executed);
  const numberOf = new Map(executed.map((cell, index) => [cell.id, index + 1]));
  return (
    <details className={styles.replay} data-testid="replay-panel" data-tone={summary.ok ? "ok" : "critical"}>
      <summary>{summary.text}</summary>
      <ol className={styles.verdicts}>
        {replay.data.cells.map((cell) => (
          <li key={cell.cellId} data-verdict={cell.verdict}>
            <span>
              Cell [{numberOf.get(cell.cellId) ?? "?"}]: {VERDICT[cell.verdict]}
            </span>
            {cell.diff ? <pre className={styles.diff}>{cell.diff}</pre> : null}
          </li>
        ))}
      </ol>
      <p className={styles.muted}>
        Replayed in a fresh Python against /data as it was on {formatDate(replay.data.replayedAt)}.
      </p>
    </details>
  );
}
