"use client";

import { useEffect, useMemo, useRef } from "react";
import type { MessageRow, ToolCallRow, UsageRow } from "#common/synced-tables.ts";
import type { LoopState } from "../../_agent/agent-loop.ts";
import { fixNumbers } from "../../_agent/auto-fix.ts";
import { answerTracers, type ContextFile } from "../../_agent/provenance/answer-trace.ts";
import styles from "./agent.module.css";
import { CellView } from "./cell-view.tsx";
import { Markdown } from "./markdown.tsx";
import { costOf } from "./run-meter.tsx";
import type { LiveRun } from "./use-agent.ts";

type Props = {
  messages: MessageRow[];
  cells: ToolCallRow[];
  live: Record<string, LiveRun>;
  /** The loop's state when it concerns this conversation. */
  loop: LoopState | null;
  pythonReady: boolean;
  canContinue: boolean;
  /** Fixes the agent may try in a row after a failed cell ("Fix 1 of 2"). */
  maxFixes: number;
  /** The session's requests: a fix shows what the request that proposed it cost. */
  usage: UsageRow[];
  /** The files under /data: numbers in their names and columns are the user's, not flagged. */
  files: ContextFile[];
  /** Tokens the current run has used (shown at its pause). */
  runTokens: number;
  onResume: () => void;
  onStop: () => void;
  onRun: (cell: ToolCallRow, code: string) => void;
  onSkip: (cell: ToolCallRow, reason?: string) => void;
  onInterrupt: () => void;
  onContinue: () => void;
};

const byCreation = (a: ToolCallRow, b: ToolCallRow) =>
  a.created_at.getTime() - b.created_at.getTime() || a.call_id.localeCompare(b.call_id);

/** The conversation: the stored turns with their cells, the answer streaming in, and the loop's notes. */
export function Transcript(props: Props) {
  const { messages, cells, live, loop } = props;
  const end = useRef<HTMLDivElement>(null);
  const fixes = useMemo(() => fixNumbers(messages, cells), [messages, cells]);
  const tracers = useMemo(() => answerTracers(messages, cells, props.files), [messages, cells, props.files]);
  const usageOf = useMemo(() => new Map(props.usage.map((row) => [row.id, row])), [props.usage]);
  // Where the model changed between answers (a switch in the picker), a note says so.
  const modelChanges = useMemo(() => {
    const changes = new Map<string, string>();
    let previous: string | null = null;
    for (const message of messages) {
      const model = message.usage_log_id ? usageOf.get(message.usage_log_id)?.model : undefined;
      if (message.role !== "assistant" || !model) continue;
      if (previous && model !== previous) changes.set(message.id, model);
      previous = model;
    }
    return changes;
  }, [messages, usageOf]);
  const costs = useMemo(() => {
    const byId = new Map(props.usage.map((row) => [row.id, costOf(row)]));
    return new Map(messages.map((m) => [m.id, m.usage_log_id ? byId.get(m.usage_log_id) : undefined]));
  }, [messages, props.usage]);
  const streamed = loop?.status === "streaming" ? loop.content.length + loop.toolCalls.length : 0;
  // Follow new content while the reader is at the bottom; leave them be when they scrolled up.
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run when the content grows
  useEffect(() => {
    const scroller = end.current?.parentElement;
    if (!scroller) return;
    const nearBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 160;
    if (nearBottom) end.current?.scrollIntoView({ block: "end" });
  }, [messages.length, cells, streamed, live]);

  return (
    <div className={styles.transcript} data-testid="transcript">
      {messages.map((message) => {
        if (message.role === "user") {
          return (
            <div key={message.id} className={styles.userTurn} data-testid="user-message">
              {message.content}
            </div>
          );
        }
        if (message.role === "system") {
          return (
            <details key={message.id} className={styles.summary} data-testid="summary">
              <summary>Earlier turns, summarised for the model (the transcript keeps them)</summary>
              <Markdown text={message.content ?? ""} />
            </details>
          );
        }
        if (message.role !== "assistant") return null;
        const own = cells.filter((cell) => cell.message_id === message.id).sort(byCreation);
        return (
          <div key={message.id} className={styles.assistantTurn} data-testid="assistant-message">
            {modelChanges.has(message.id) ? (
              <p className={styles.modelChange} data-testid="model-change">
                Model changed to {modelChanges.get(message.id)}
              </p>
            ) : null}
            {message.content ? <Markdown text={message.content} trace={tracers.get(message.id)} /> : null}
            {message.usage_log_id && usageOf.get(message.usage_log_id)?.status === "aborted" ? (
              <p className={styles.interrupted} data-testid="interrupted">
                Interrupted: the answer was stopped here.
              </p>
            ) : null}
            {own.map((cell) => (
              <CellView
                key={cell.id}
                cell={cell}
                live={live[cell.id]}
                pythonReady={props.pythonReady}
                fix={
                  fixes.has(cell.id)
                    ? { number: fixes.get(cell.id) ?? 1, of: props.maxFixes, cost: costs.get(message.id) }
                    : undefined
                }
                onRun={(code) => props.onRun(cell, code)}
                onSkip={(reason) => props.onSkip(cell, reason)}
                onInterrupt={props.onInterrupt}
              />
            ))}
          </div>
        );
      })}
      {loop?.status === "streaming" ? (
        <div className={styles.assistantTurn} data-testid="streaming-answer" aria-live="polite">
          {loop.content ? <Markdown text={loop.content} /> : null}
          {loop.toolCalls.map((call, index) => (
            <div key={call.id || index} className={styles.cellDraft}>
              Writing Python… <span className={styles.hint}>{call.arguments.length} characters</span>
            </div>
          ))}
          {!loop.content && loop.toolCalls.length === 0 ? (
            <span className={styles.thinking}>Thinking…</span>
          ) : null}
        </div>
      ) : null}
      {loop?.status === "awaiting-cells" && !cells.some((cell) => loop.callIds.includes(cell.call_id)) ? (
        <span className={styles.thinking}>Preparing the cells…</span>
      ) : null}
      {loop?.status === "paused" ? (
        <div className={styles.pause} role="alert" data-testid="budget-pause">
          <p>
            Paused after {loop.calls} model calls in this run ({props.runTokens.toLocaleString("en")} tokens
            so far). Continue?
          </p>
          <button type="button" className={styles.primary} onClick={props.onResume}>
            Continue
          </button>
          <button type="button" className={styles.secondary} onClick={props.onStop}>
            Stop here
          </button>
        </div>
      ) : null}
      {loop?.status === "idle" && loop.note ? (
        <p
          className={styles.note}
          data-kind={loop.note.kind}
          role={loop.note.kind === "error" ? "alert" : "status"}
        >
          {loop.note.text}
        </p>
      ) : null}
      {props.canContinue ? (
        <div className={styles.continue}>
          <button type="button" className={styles.secondary} onClick={props.onContinue}>
            Send the results to the agent
          </button>
        </div>
      ) : null}
      <div ref={end} />
    </div>
  );
}
