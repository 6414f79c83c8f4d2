"use client";

import { useEffect } from "react";
import type { MessageRow } from "#common/synced-tables.ts";

/** Tries after the session's last turn appears: the answer's stream may start a little later. */
const TRIES_MS = [0, 1_500, 4_000];

/**
 * A session whose last turn still waits for the model's answer may have that answer streaming
 * on the server (the page was reloaded, or the question was sent from another tab): follow it
 * here. Without one, the synced transcript shows the answer once it is settled.
 */
export function useAttach(
  attach: (sessionId: string) => Promise<boolean>,
  sessionId: string | null,
  messages: MessageRow[],
  busy: boolean,
) {
  const last = messages.at(-1);
  const waiting = sessionId && last && last.role !== "assistant" ? last.id : null;
  useEffect(() => {
    if (!sessionId || !waiting || busy) return;
    let cancelled = false;
    const timers: ReturnType<typeof setTimeout>[] = [];
    const tryAt = (index: number) => {
      if (cancelled || index >= TRIES_MS.length) return;
      timers.push(
        setTimeout(async () => {
          if (!cancelled && !(await attach(sessionId))) tryAt(index + 1);
        }, TRIES_MS[index]),
      );
    };
    tryAt(0);
    return () => {
      cancelled = true;
      for (const timer of timers) clearTimeout(timer);
    };
  }, [attach, sessionId, waiting, busy]);
}
