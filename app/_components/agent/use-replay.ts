"use client";

import { useCallback, useRef, useState } from "react";
import { messageOf } from "#common/error-message.ts";
import type { ReplayCell } from "#common/replay-summary.ts";
import type { ToolCallRow } from "#common/synced-tables.ts";
import { judgeReplay } from "../../_agent/replay.ts";
import { WORKER_URL } from "../../_python/protocol.ts";
import { PythonKernel } from "../../_python/python-kernel.ts";
import { api } from "../../_trpc/react.tsx";

export type ReplayProgress =
  | { sessionId: string; state: "running"; done: number; total: number }
  | { sessionId: string; state: "failed"; message: string };

/**
 * Runs a session's executed cells again, in order, in a fresh kernel of their own (the page's
 * kernel and its variables are left alone; /data is read as it is now and not written), judges
 * each against its stored outputs and records the verdicts with the session.
 */
export function useReplay(pythonTimeoutMs: number) {
  const [progress, setProgress] = useState<ReplayProgress | null>(null);
  const running = useRef<{ kernel: PythonKernel; isStopped: boolean } | null>(null);
  const utils = api.useUtils();
  const record = api.sessions.recordReplay.useMutation();

  const start = useCallback(
    async (sessionId: string, cells: ToolCallRow[]) => {
      if (running.current) return;
      if (cells.length === 0) {
        setProgress({
          sessionId,
          state: "failed",
          message: "No cell has run in this analysis yet: nothing to replay.",
        });
        return;
      }
      const run = {
        kernel: new PythonKernel(WORKER_URL, pythonTimeoutMs, { scratch: true }),
        isStopped: false,
      };
      running.current = run;
      const verdicts: ReplayCell[] = [];
      try {
        for (const [index, cell] of cells.entries()) {
          setProgress({ sessionId, state: "running", done: index, total: cells.length });
          const result = await run.kernel.run(cell.executed_code ?? cell.proposed_code);
          if (run.isStopped) return;
          verdicts.push(judgeReplay(cell, result));
        }
        await record.mutateAsync({ id: sessionId, cells: verdicts });
        await utils.sessions.replay.invalidate({ id: sessionId });
        setProgress(null);
      } catch (failure) {
        setProgress({
          sessionId,
          state: "failed",
          message: `The replay could not be saved: ${messageOf(failure)}`,
        });
      } finally {
        run.kernel.dispose();
        running.current = null;
      }
    },
    [pythonTimeoutMs, record.mutateAsync, utils],
  );

  const stop = useCallback(() => {
    if (!running.current) return;
    running.current.isStopped = true;
    running.current.kernel.dispose();
    setProgress(null);
  }, []);

  return { progress, start, stop, dismiss: () => setProgress(null) };
}
