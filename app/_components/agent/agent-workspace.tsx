"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { createPortal } from "react-dom";
import {
  isResolved,
  type MessageRow,
  type SessionRow,
  type ToolCallRow,
  type UsageRow,
} from "#common/synced-tables.ts";
import { lastTurnCells, sessionRows } from "../../_agent/conversation.ts";
import { buildLedger } from "../../_agent/ledger.ts";
import { cellsToReplay } from "../../_agent/replay.ts";
import { formatSize } from "../../_lib/format-size.ts";
import { useSyncedRows } from "../../_lib/use-synced-rows.ts";
import { markOnce } from "../../_lib/user-timing.ts";
import type { KernelStatus } from "../../_python/python-kernel.ts";
import { usePythonKernel } from "../../_python/use-python-kernel.ts";
import { api } from "../../_trpc/react.tsx";
import { DataPanel } from "../data/data-panel.tsx";
import { useDataFiles } from "../data/use-data-files.ts";
import styles from "./agent.module.css";
import { Composer } from "./composer.tsx";
import { FollowUpQueue } from "./follow-up-queue.tsx";
import { LedgerDialog } from "./ledger-dialog.tsx";
import { ReplayPanel } from "./replay-panel.tsx";
import { costOf, RunMeter } from "./run-meter.tsx";
import { SessionMenu } from "./session-menu.tsx";
import { SessionSidebar } from "./session-sidebar.tsx";
import { readSessionFromUrl, writeSessionToUrl } from "./session-url.ts";
import { Starters } from "./starters.tsx";
import { Transcript } from "./transcript.tsx";
import { type AgentConfig, useAgent } from "./use-agent.ts";
import { useAutoRun } from "./use-auto-run.ts";
import { useConversationControls } from "./use-conversation-controls.ts";
import { useModelChoice } from "./use-model-choice.ts";
import { DEFAULT_PAUSE_AFTER, MAX_PAUSE_AFTER, usePauseAfter } from "./use-pause-after.ts";
import { useReplay } from "./use-replay.ts";

const PYTHON_STATUS: Record<KernelStatus, string> = {
  starting: "Python starting…",
  ready: "Python ready",
  busy: "Python running…",
  failed: "Python unavailable",
};

/** The agent's page body: analyses on the left, the conversation and its cells on the right. */
type Props = {
  accountId: string;
  config: AgentConfig;
  /** Where the run's tokens show, beside the day's meter in the page header. */
  runMeterSlot: HTMLElement | null;
};

export function AgentWorkspace({ accountId, config, runMeterSlot }: Props) {
  const sessions = useSyncedRows<SessionRow>("agent_sessions", accountId);
  const messages = useSyncedRows<MessageRow>("agent_messages", accountId);
  const cells = useSyncedRows<ToolCallRow>("agent_tool_calls", accountId);
  const usage = useSyncedRows<UsageRow>("usage_log", accountId);
  const { kernel, status: pythonStatus } = usePythonKernel(config.pythonTimeoutMs);
  const data = useDataFiles(kernel, pythonStatus);
  const pauseAfterRef = useRef(DEFAULT_PAUSE_AFTER);
  const modelRef = useRef<string | null>(null);
  const agent = useAgent(
    { messages: messages.rows, cells: cells.rows },
    kernel,
    config,
    data,
    pauseAfterRef,
    modelRef,
  );

  useEffect(() => markOnce("ada:interactive"), []);

  const [requested, setRequested] = useState<string | null>(readSessionFromUrl);
  const select = useCallback((id: string | null) => {
    setRequested(id);
    writeSessionToUrl(id);
  }, []);
  const loopSession = agent.state.sessionId;
  // The address may name an analysis that is gone (deleted here or elsewhere) or not this
  // account's: it opens only while it exists. The address keeps it, since signing in moves it to
  // the new account, where it is found again.
  const selected =
    requested &&
    (sessions.isLoading || loopSession === requested || sessions.rows.some((s) => s.id === requested))
      ? requested
      : null;
  // A conversation started from "New analysis" becomes the selected session once it has an id.
  useEffect(() => {
    if (loopSession && selected === null && agent.state.status !== "idle") select(loopSession);
  }, [loopSession, selected, agent.state.status, select]);
  const { models, model, chooseModel } = useModelChoice(
    sessions.rows.find((s) => s.id === selected)?.model ?? null,
  );
  modelRef.current = model;

  const [autoRun, setAutoRun] = useAutoRun(selected);
  const [pauseAfter, setPauseAfter] = usePauseAfter(selected);
  pauseAfterRef.current = pauseAfter;

  // A run is one message's model calls: the requests that appear after it started are its own.
  const [runBefore, setRunBefore] = useState<Set<string> | null>(null);
  const usageRef = useRef(usage.rows);
  usageRef.current = usage.rows;
  const running = agent.state.status !== "idle";
  useEffect(() => {
    if (running) setRunBefore(new Set(usageRef.current.map((row) => row.id)));
  }, [running]);
  const runRows = useMemo(
    () =>
      runBefore
        ? usage.rows.filter((row) => !runBefore.has(row.id) && row.session_id === agent.state.sessionId)
        : [],
    [usage.rows, runBefore, agent.state.sessionId],
  );
  const runTokens = runRows.reduce((sum, row) => sum + costOf(row), 0);
  const [ledgerOpen, setLedgerOpen] = useState(false);

  const { messages: sessionMessages, cells: sessionCells } = useMemo(
    () => sessionRows({ messages: messages.rows, cells: cells.rows }, selected),
    [messages.rows, cells.rows, selected],
  );
  const turn = useMemo(() => lastTurnCells(sessionMessages, sessionCells), [sessionMessages, sessionCells]);
  const sessionUsage = useMemo(
    () => (selected ? usage.rows.filter((row) => row.session_id === selected) : []),
    [usage.rows, selected],
  );
  const ledger = useMemo(() => buildLedger(sessionUsage, sessionMessages), [sessionUsage, sessionMessages]);
  const cellNumbers = useMemo(
    () =>
      new Map(
        [...sessionCells]
          .sort((a, b) => a.created_at.getTime() - b.created_at.getTime())
          .map((cell, index) => [cell.call_id, index + 1]),
      ),
    [sessionCells],
  );
  const loopHere =
    agent.state.sessionId === selected || (selected === null && agent.state.status === "streaming");
  const busy = agent.state.status !== "idle";

  const runCell = (cell: ToolCallRow, code: string) => model && void agent.runCell(cell, code, model);
  const skipCell = (cell: ToolCallRow, reason?: string) => model && void agent.skipCell(cell, model, reason);

  // "Run code automatically": the last turn's pending cells run one after another.
  const nextAutoCell = turn.find((cell) => cell.status === "pending" && !agent.live[cell.id]);
  const anyRunning = Object.values(agent.live).some((run) => run.result === null);
  useEffect(() => {
    if (autoRun && nextAutoCell && !anyRunning && pythonStatus === "ready" && model) {
      void agent.runCell(nextAutoCell, nextAutoCell.proposed_code, model);
    }
  }, [autoRun, nextAutoCell, anyRunning, pythonStatus, model, agent.runCell]);

  const utils = api.useUtils();
  const rename = api.sessions.rename.useMutation();
  const remove = api.sessions.delete.useMutation({ onSuccess: () => utils.invalidate() });

  const replay = useReplay(config.pythonTimeoutMs);
  const replayed = useMemo(
    () => cellsToReplay(sessionMessages, sessionCells),
    [sessionMessages, sessionCells],
  );
  const startReplay = (id: string) => {
    select(id);
    const rows = sessionRows({ messages: messages.rows, cells: cells.rows }, id);
    void replay.start(id, cellsToReplay(rows.messages, rows.cells));
  };

  const canContinue = !busy && !anyRunning && turn.length > 0 && turn.every(isResolved);
  const controls = useConversationControls(agent, {
    selected,
    messages: sessionMessages,
    model,
    cellRunning: anyRunning,
  });
  const empty = selected === null && !(loopHere && busy);

  return (
    <div className={styles.workspace}>
      <aside className={styles.sidebar}>
        <SessionSidebar
          sessions={sessions.rows}
          loading={sessions.isLoading}
          selected={selected}
          onSelect={select}
          onRename={(id, title) => rename.mutateAsync({ id, title })}
          onDelete={(id) => remove.mutateAsync({ id })}
          menu={(session) => <SessionMenu session={session} onReplay={() => startReplay(session.id)} />}
        />
        <DataPanel data={data} />
      </aside>
      <div className={styles.conversation}>
        <div className={styles.scroller}>
          {empty ? (
            <section className={styles.empty}>
              <h1>Ask a question about your data</h1>
              <p>
                Ada proposes Python, you approve each step (Run, Edit or Skip), and it runs here in your
                browser. No sign-up needed: you already have a workspace with a daily token allowance.
              </p>
              {models.error ? <p className={styles.error}>{models.error.message}</p> : null}
              <Starters
                data={data}
                disabled={busy || !model}
                onAsk={(question) => model && void agent.send(question, selected, model)}
              />
            </section>
          ) : (
            <>
              {selected ? (
                <ReplayPanel
                  sessionId={selected}
                  executed={replayed}
                  progress={replay.progress}
                  onStop={replay.stop}
                  onDismiss={replay.dismiss}
                />
              ) : null}
              <Transcript
                messages={sessionMessages}
                cells={sessionCells}
                live={agent.live}
                loop={loopHere ? agent.state : null}
                pythonReady={pythonStatus === "ready" || pythonStatus === "busy"}
                canContinue={canContinue}
                maxFixes={config.maxFixes}
                usage={sessionUsage}
                files={data.files}
                runTokens={runTokens}
                onResume={agent.resume}
                onStop={agent.stop}
                onRun={runCell}
                onSkip={skipCell}
                onInterrupt={() => kernel?.interrupt()}
                onContinue={() => selected && model && void agent.continueSession(selected, model)}
              />
            </>
          )}
        </div>
        <FollowUpQueue {...controls.followUps} held={controls.held} free={controls.free} />
        <Composer
          busy={busy || anyRunning}
          models={models.data}
          model={model}
          onModelChange={chooseModel}
          autoRun={autoRun}
          onAutoRunChange={setAutoRun}
          pythonStatus={PYTHON_STATUS[pythonStatus]}
          onSend={(text) => model && void agent.send(text, selected, model)}
          onQueue={controls.queue}
          onSteer={controls.steer}
          onStop={busy ? agent.stop : undefined}
        >
          <label className={styles.pauseAfter} title="A run pauses and asks before spending more">
            Pause after
            <input
              className={styles.pauseInput}
              type="number"
              min={1}
              max={MAX_PAUSE_AFTER}
              value={pauseAfter}
              onChange={(event) => setPauseAfter(Number(event.target.value))}
              aria-label="Calls before the run pauses"
            />
            calls
          </label>
          {selected ? (
            <button
              type="button"
              className={styles.ledgerButton}
              onClick={() => setLedgerOpen(true)}
              title="What this analysis sent out"
            >
              Data sent: {formatSize(ledger.totalBytes)}
            </button>
          ) : null}
        </Composer>
        <LedgerDialog
          ledger={ledger}
          open={ledgerOpen}
          onClose={() => setLedgerOpen(false)}
          cellLabel={(callId) => `Cell ${cellNumbers.get(callId) ?? "?"}`}
        />
        {runMeterSlot && runBefore
          ? createPortal(<RunMeter rows={runRows} active={running} />, runMeterSlot)
          : null}
      </div>
    </div>
  );
}
