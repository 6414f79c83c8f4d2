"use client";

import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from "react";
import { messageOf } from "#common/error-message.ts";
import { appendOutput, type CellOutput } from "#common/nbformat-outputs.ts";
import type { MessageRow, ToolCallRow } from "#common/synced-tables.ts";
import { AgentLoop } from "../../_agent/agent-loop.ts";
import { fixesExhausted } from "../../_agent/auto-fix.ts";
import { CellWatch } from "../../_agent/cell-watch.ts";
import {
  type AgentRows,
  buildConversation,
  lastTurnCells,
  sessionRows,
  systemPrompt,
} from "../../_agent/conversation.ts";
import { toolResultText } from "../../_agent/tool-result.ts";
import { type MountedFile, privateColumnsOf } from "../../_python/mounted-files.ts";
import { type RunResult, streamsOf } from "../../_python/protocol.ts";
import type { PythonKernel } from "../../_python/python-kernel.ts";
import { api } from "../../_trpc/react.tsx";

/** How long a steer waits for the interrupted answer to sync before it sends anyway. */
const SYNC_WAIT_MS = 3_000;

/** Resolves once the session's last message is an answer (or after SYNC_WAIT_MS). */
async function answerSynced(messages: () => MessageRow[]) {
  const deadline = Date.now() + SYNC_WAIT_MS;
  while (messages().at(-1)?.role !== "assistant" && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export type AgentConfig = { maxToolTurns: number; maxFixes: number; pythonTimeoutMs: number };

/** A cell running (or just run) in this tab, before its stored result arrives through sync. */
export type LiveRun = {
  code: string;
  /** What the cell has shown so far, in order. */
  outputs: CellOutput[];
  progress: string | null;
  startedAt: number;
  result: RunResult | null;
  saveError: string | null;
};

/**
 * The agent for the page: the loop (plain TypeScript) wired to the synced rows, the Python kernel
 * and `toolCalls.complete`. Resolving the last cells of a session the loop is not waiting on
 * (after a reload, say) continues the conversation.
 */
type Files = { files: MountedFile[]; refresh: () => Promise<void> };

export function useAgent(
  rows: AgentRows,
  kernel: PythonKernel | undefined,
  config: AgentConfig,
  data: Files,
  /** Model calls a run makes before it pauses (the selected analysis's setting), read at each call. */
  pauseAfter: { readonly current: number },
  /** The model in the picker, read at each call: a switch applies to the next call. */
  model: { readonly current: string | null },
) {
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const dataRef = useRef(data);
  dataRef.current = data;
  const [watch] = useState(() => new CellWatch());
  useEffect(() => watch.update(rows.cells), [watch, rows.cells]);
  const complete = api.toolCalls.complete.useMutation();
  const completeRef = useRef(complete.mutateAsync);
  completeRef.current = complete.mutateAsync;

  const [loop] = useState(
    () =>
      new AgentLoop({
        fetch: (input, init) => fetch(input, init),
        conversation: (sessionId) => {
          const { messages, cells } = sessionRows(rowsRef.current, sessionId);
          return buildConversation(messages, cells);
        },
        systemPrompt: () => systemPrompt(dataRef.current.files, { maxFixes: config.maxFixes }),
        awaitCells: async (sessionId, callIds, signal) => {
          const cells = await watch.waitFor(sessionId, callIds, signal);
          return cells.map((cell) => ({
            role: "tool" as const,
            tool_call_id: cell.call_id,
            content: toolResultText(cell),
          }));
        },
        stopAfterCells: (sessionId) => {
          const { messages, cells } = sessionRows(rowsRef.current, sessionId);
          return fixesExhausted(messages, cells, config.maxFixes);
        },
        maxToolTurns: config.maxToolTurns,
        pauseAfter: () => pauseAfter.current,
        currentModel: () => model.current,
      }),
  );
  const state = useSyncExternalStore(loop.subscribe, loop.getState, loop.getState);
  // Leaving the page leaves a streaming answer running: a reload attaches to it again.
  useEffect(() => () => loop.leave(), [loop]);

  const [live, setLive] = useState<Record<string, LiveRun>>({});
  const patchLive = useCallback((id: string, patch: Partial<LiveRun>) => {
    setLive((all) => (all[id] ? { ...all, [id]: { ...all[id], ...patch } } : all));
  }, []);
  // A run's local copy gives way to the stored row once sync brings its result.
  useEffect(() => {
    setLive((all) => {
      const done = rows.cells.filter(
        (cell) => all[cell.id] && cell.status !== "pending" && cell.status !== "running",
      );
      if (done.length === 0) return all;
      const next = { ...all };
      for (const cell of done) delete next[cell.id];
      return next;
    });
  }, [rows.cells]);

  /** After a cell is resolved while the loop is not waiting for it, report the turn to the model. */
  const continueAfter = useCallback(
    async (cell: ToolCallRow, model: string) => {
      if (loop.busy) return;
      const { messages, cells } = sessionRows(rowsRef.current, cell.session_id);
      const turn = lastTurnCells(messages, cells);
      if (!turn.some((c) => c.id === cell.id)) return;
      await watch.waitFor(
        cell.session_id,
        turn.map((c) => c.call_id),
      );
      if (!loop.busy) await loop.continue({ sessionId: cell.session_id, model });
    },
    [loop, watch],
  );

  const runCell = useCallback(
    async (cell: ToolCallRow, code: string, model: string) => {
      if (!kernel) return;
      setLive((all) => ({
        ...all,
        [cell.id]: {
          code,
          outputs: [],
          progress: null,
          startedAt: Date.now(),
          result: null,
          saveError: null,
        },
      }));
      let outputs: CellOutput[] = [];
      // Read when the cell runs: marks made meanwhile apply to it.
      const privateColumns = privateColumnsOf(dataRef.current.files);
      const result = await kernel.run(code, {
        privateColumns,
        onOutput: (output) => {
          outputs = appendOutput(outputs, output);
          patchLive(cell.id, { outputs });
        },
        onProgress: (progress) => patchLive(cell.id, { progress }),
      });
      patchLive(cell.id, { result, outputs: result.outputs, progress: null });
      // The code may have written files under /data: the panel and the next prompt show them.
      await dataRef.current.refresh();
      try {
        await completeRef.current({
          id: cell.id,
          status: result.status,
          executedCode: code,
          ...streamsOf(result.outputs),
          outputs: result.outputs,
          // A run that ended before Python reported on it (a restart) holds only our own message.
          ...(privateColumns.length && { modelOutputs: result.modelOutputs ?? result.outputs }),
        });
      } catch (error) {
        patchLive(cell.id, { saveError: messageOf(error) });
        return;
      }
      await continueAfter(cell, model);
    },
    [kernel, patchLive, continueAfter],
  );

  const skipCell = useCallback(
    async (cell: ToolCallRow, model: string, reason?: string) => {
      await completeRef.current({ id: cell.id, status: "skipped", executedCode: null, skipReason: reason });
      await continueAfter(cell, model);
    },
    [continueAfter],
  );

  const send = useCallback(
    async (text: string, sessionId: string | null, model: string) => {
      if (sessionId) {
        // A new message moves on from cells left pending: they are recorded as skipped.
        const pending = rowsRef.current.cells.filter(
          (c) => c.session_id === sessionId && c.status === "pending",
        );
        await Promise.all(
          pending.map((cell) => completeRef.current({ id: cell.id, status: "skipped", executedCode: null })),
        );
      }
      await loop.send(text, { sessionId, model });
    },
    [loop],
  );

  /**
   * Steer: stop the answer streaming now and send `text`. The interrupted answer is stored by
   * the server (charged for what it used); the next request waits, briefly, for it to sync so
   * that the model sees it before the new message.
   */
  const steer = useCallback(
    async (text: string, sessionId: string | null, model: string) => {
      const session = loop.getState().sessionId ?? sessionId;
      loop.stop();
      await loop.idle();
      if (session) await answerSynced(() => sessionRows(rowsRef.current, session).messages);
      await send(text, session, model);
    },
    [loop, send],
  );

  return {
    state,
    steer,
    live,
    send,
    stop: loop.stop.bind(loop),
    resume: loop.resume.bind(loop),
    attach: loop.attach,
    continueSession: (sessionId: string, model: string) => loop.continue({ sessionId, model }),
    runCell,
    skipCell,
  };
}
