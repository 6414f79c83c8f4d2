import { formatDate } from "#common/dates.ts";
import { summarizeReplay } from "#common/replay-summary.ts";
import type { ExportCell, ExportSession } from "#server/export/session-data.ts";
import { executedCells } from "#server/export/session-data.ts";
import { Markdown } from "../../_components/agent/markdown.tsx";
import { CellOutputs } from "../../_components/outputs/cell-outputs.tsx";
import styles from "./share.module.css";

/**
 * The transcript as the owner saw it, read-only: questions, answers, each cell's code (folded)
 * and outputs drawn like the app's. Model-written HTML is sandboxed, as on the admin pages: a
 * stranger's output is shown to whoever opens the link.
 */
export function SharedSession({ session }: { session: ExportSession }) {
  const executed = executedCells(session);
  const numberOf = new Map(executed.map((cell, index) => [cell.id, index + 1]));
  const replay = session.replay ? summarizeReplay(session.replay, executed) : null;
  return (
    <main className={styles.page}>
      <header className={styles.header}>
        <p className={styles.brand}>
          <span className={styles.logo} aria-hidden>
            A
          </span>
          Shared from Ada, read-only
        </p>
        <h1>{session.title}</h1>
        <p className={styles.about}>
          Started {formatDate(session.createdAt)}
          {session.model ? ` · model ${session.model}` : ""}
        </p>
        {replay ? (
          <p className={styles.replay} data-tone={replay.ok ? "ok" : "critical"} data-testid="replay-summary">
            {replay.text}
          </p>
        ) : null}
      </header>
      <div className={styles.transcript} data-testid="shared-transcript">
        {session.turns.map((turn, index) =>
          turn.role === "user" ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: the transcript never changes on this page
            <div key={index} className={styles.question} data-testid="user-message">
              {turn.text}
            </div>
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: the transcript never changes on this page
            <div key={index} className={styles.answer} data-testid="assistant-message">
              {turn.text ? <Markdown text={turn.text} /> : null}
              {turn.cells.map((cell) => (
                <SharedCell key={cell.id} cell={cell} number={numberOf.get(cell.id)} />
              ))}
            </div>
          ),
        )}
      </div>
      <footer className={styles.footer}>
        An analysis made with Ada, the data-analysis agent that runs Python in your browser.{" "}
        <a href="/">Start your own</a>
      </footer>
    </main>
  );
}

function SharedCell({ cell, number }: { cell: ExportCell; number: number | undefined }) {
  const ran = number !== undefined;
  const label = ran
    ? `Cell [${number}]${cell.status === "error" ? " · raised an error" : ""}`
    : cell.status === "skipped"
      ? `Skipped${cell.skipReason ? `: ${cell.skipReason}` : ""}`
      : "Never run";
  return (
    <section className={styles.cell} data-status={cell.status} data-testid="cell">
      <details className={styles.code}>
        <summary>{label}</summary>
        <pre>
          <code>{ran ? (cell.executedCode ?? cell.proposedCode) : cell.proposedCode}</code>
        </pre>
      </details>
      {ran ? <CellOutputs outputs={cell.outputs} html="sandbox" /> : null}
    </section>
  );
}
