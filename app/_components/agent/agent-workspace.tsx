"use client";

import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState } from "react";
import { lastTurnCells, sessionRows } from "../../_agent/conversation.ts";
import { isResolved, type MessageRow, type SessionRow, type ToolCallRow } from "../../_agent/rows.ts";
import { useSyncedRows } from "../../_lib/use-synced-rows.ts";
import { markOnce } from "../../_lib/user-timing.ts";
import type { KernelStatus } from "../../_python/python-kernel.ts";
import { usePythonKernel } from "../../_python/use-python-kernel.ts";
import { api } from "../../_trpc/react.tsx";
import { DataPanel } from "../data/data-panel.tsx";
import { useDataFiles } from "../data/use-data-files.ts";
import styles from "./agent.module.css";
import { Composer, type ModelOption } from "./composer.tsx";
import { SessionSidebar } from "./session-sidebar.tsx";
import { readSessionFromUrl, writeSessionToUrl } from "./session-url.ts";
import { Starters } from "./starters.tsx";
import { Transcript } from "./transcript.tsx";
import { type AgentConfig, useAgent } from "./use-agent.ts";
import { useAutoRun } from "./use-auto-run.ts";

const MODEL_KEY = "ada:model";

type ModelList = { data: { id: string; owned_by: string }[] };

async function fetchModels(): Promise<ModelOption[]> {
  const response = await fetch("/api/v1/models");
  if (!response.ok) throw new Error(`Could not load the models (HTTP ${response.status}).`);
  const list = (await response.json()) as ModelList;
  return list.data.map((model) => ({
    id: model.id,
    label: model.owned_by === "demo" ? "Offline demo (scripted)" : model.id,
  }));
}

const PYTHON_STATUS: Record<KernelStatus, string> = {
  starting: "Python starting…",
  ready: "Python ready",
  busy: "Python running…",
  failed: "Python unavailable",
};

/** The agent's page body: analyses on the left, the conversation and its cells on the right. */
export function AgentWorkspace({ accountId, config }: { accountId: string; config: AgentConfig }) {
  const sessions = useSyncedRows<SessionRow>("agent_sessions", accountId);
  const messages = useSyncedRows<MessageRow>("agent_messages", accountId);
  const cells = useSyncedRows<ToolCallRow>("agent_tool_calls", accountId);
  const { kernel, status: pythonStatus } = usePythonKernel(config.pythonTimeoutMs);
  const data = useDataFiles(kernel, pythonStatus);
  const agent = useAgent({ messages: messages.rows, cells: cells.rows }, kernel, config, data);

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
  const models = useQuery({ queryKey: ["models"], queryFn: fetchModels, staleTime: 60_000 });
  const [chosenModel, setChosenModel] = useState<string | null>(() => localStorage.getItem(MODEL_KEY));
  const sessionModel = sessions.rows.find((s) => s.id === selected)?.model ?? null;
  const available = models.data ?? [];
  const model =
    [chosenModel, sessionModel, available[0]?.id].find((id) => id && available.some((m) => m.id === id)) ??
    null;
  const chooseModel = (id: string) => {
    localStorage.setItem(MODEL_KEY, id);
    setChosenModel(id);
  };

  const [autoRun, setAutoRun] = useAutoRun(selected);

  const { messages: sessionMessages, cells: sessionCells } = useMemo(
    () => sessionRows({ messages: messages.rows, cells: cells.rows }, selected),
    [messages.rows, cells.rows, selected],
  );
  const turn = useMemo(() => lastTurnCells(sessionMessages, sessionCells), [sessionMessages, sessionCells]);
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

  const canContinue = !busy && !anyRunning && turn.length > 0 && turn.every(isResolved);
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
            <Transcript
              messages={sessionMessages}
              cells={sessionCells}
              live={agent.live}
              loop={loopHere ? agent.state : null}
              pythonReady={pythonStatus === "ready" || pythonStatus === "busy"}
              canContinue={canContinue}
              maxFixes={config.maxFixes}
              onRun={runCell}
              onSkip={skipCell}
              onInterrupt={() => kernel?.interrupt()}
              onContinue={() => selected && model && void agent.continueSession(selected, model)}
            />
          )}
        </div>
        <Composer
          busy={busy}
          models={models.data}
          model={model}
          onModelChange={chooseModel}
          autoRun={autoRun}
          onAutoRunChange={setAutoRun}
          pythonStatus={PYTHON_STATUS[pythonStatus]}
          onSend={(text) => model && void agent.send(text, selected, model)}
          onStop={agent.stop}
        />
      </div>
    </div>
  );
}
