"use client";

import { useEffect, useRef, useState } from "react";

const keyOf = (sessionId: string) => `ada:auto-run:${sessionId}`;
const stored = (sessionId: string | null) =>
  sessionId ? localStorage.getItem(keyOf(sessionId)) === "1" : false;

/**
 * The per-analysis "Run code automatically" switch, kept in localStorage. Set before the first
 * message, it belongs to the analysis that message creates (one with no stored choice yet).
 */
export function useAutoRun(sessionId: string | null) {
  const [on, setOn] = useState(() => stored(sessionId));
  const previous = useRef(sessionId);
  useEffect(() => {
    const was = previous.current;
    previous.current = sessionId;
    if (was === sessionId) return;
    if (was === null && sessionId && on && localStorage.getItem(keyOf(sessionId)) === null) {
      localStorage.setItem(keyOf(sessionId), "1");
    } else {
      setOn(stored(sessionId));
    }
  }, [sessionId, on]);
  const set = (value: boolean) => {
    setOn(value);
    if (sessionId) localStorage.setItem(keyOf(sessionId), value ? "1" : "0");
  };
  return [on, set] as const;
}
