"use client";

import { useEffect, useRef, useState } from "react";

/** Model calls a run makes before it pauses and asks, unless the analysis says otherwise. */
export const DEFAULT_PAUSE_AFTER = 8;
export const MAX_PAUSE_AFTER = 100;

const keyOf = (sessionId: string) => `ada:pause-after:${sessionId}`;

const stored = (sessionId: string | null) => {
  const value = Number(sessionId ? localStorage.getItem(keyOf(sessionId)) : null);
  return Number.isInteger(value) && value >= 1 && value <= MAX_PAUSE_AFTER ? value : DEFAULT_PAUSE_AFTER;
};

/**
 * The per-analysis budget setting ("pause after N model calls"), kept in localStorage like the
 * auto-run switch. Set before the first message, it belongs to the analysis that message creates.
 */
export function usePauseAfter(sessionId: string | null) {
  const [value, setValue] = useState(() => stored(sessionId));
  const previous = useRef(sessionId);
  useEffect(() => {
    const was = previous.current;
    previous.current = sessionId;
    if (was === sessionId) return;
    if (was === null && sessionId && localStorage.getItem(keyOf(sessionId)) === null) {
      localStorage.setItem(keyOf(sessionId), String(value));
    } else {
      setValue(stored(sessionId));
    }
  }, [sessionId, value]);
  const set = (next: number) => {
    const clamped = Math.min(MAX_PAUSE_AFTER, Math.max(1, Math.round(next) || DEFAULT_PAUSE_AFTER));
    setValue(clamped);
    if (sessionId) localStorage.setItem(keyOf(sessionId), String(clamped));
  };
  return [value, set] as const;
}
