import Link from "next/link";
import { notFound } from "next/navigation";
import type { CellOutput } from "#common/nbformat-outputs.ts";
import { CellOutputs } from "../../../_components/outputs/cell-outputs.tsx";
import { api } from "../../../_trpc/server.ts";
import styles from "../../_components/admin.module.css";
import { when } from "../../_components/search-params.ts";

async function loadTranscript(sessionId: string) {
  try {
    return await api.admin.agent.transcript({ sessionId });
  } catch {
    notFound();
  }
}

/** A session's transcript as stored: messages, and each cell's proposal, executed code and outputs. */
export default async function AdminTranscript({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { session, messages, cells } = await loadTranscript(id);
  return (
    <>
      <h1 className={styles.title}>{session.title}</h1>
      <p className={styles.muted}>
        <Link href={`/admin/users/${session.accountId}`}>{session.email ?? session.accountId}</Link> ·{" "}
        {session.model ?? "no model"} · updated {when(session.updatedAt)}
      </p>
      {messages
        .filter((message) => message.role !== "tool")
        .map((message) => (
          <div key={message.id} className={styles.turn}>
            <div className={styles.role}>
              {message.role} · {when(message.createdAt)}
            </div>
            {message.content ? <pre className={styles.code}>{message.content}</pre> : null}
            {cells
              .filter((cell) => cell.messageId === message.id)
              .map((cell) => {
                // nbformat outputs (common/nbformat-outputs.ts), as toolCalls.complete stored them.
                const outputs = Array.isArray(cell.outputs) ? (cell.outputs as CellOutput[]) : null;
                return (
                  <div key={cell.id} className={styles.section} data-testid="admin-cell">
                    <div className={styles.role}>
                      cell {cell.name} · {cell.status}
                      {cell.completedAt ? ` · ${when(cell.completedAt)}` : ""}
                    </div>
                    <div className={styles.muted}>Proposed</div>
                    <pre className={styles.code}>{cell.proposedCode}</pre>
                    {cell.executedCode != null && cell.executedCode !== cell.proposedCode ? (
                      <>
                        <div className={styles.muted}>Executed (edited by the user)</div>
                        <pre className={styles.code}>{cell.executedCode}</pre>
                      </>
                    ) : null}
                    {outputs ? (
                      // Model-written HTML goes in a sandboxed iframe here: an admin's session is at stake.
                      <CellOutputs outputs={outputs} html="sandbox" />
                    ) : (
                      <>
                        {cell.stdout ? <pre className={styles.code}>{cell.stdout}</pre> : null}
                        {cell.stderr ? (
                          <pre className={`${styles.code} ${styles.error}`}>{cell.stderr}</pre>
                        ) : null}
                      </>
                    )}
                  </div>
                );
              })}
          </div>
        ))}
    </>
  );
}
