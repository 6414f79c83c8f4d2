"use client";

import { useCallback, useEffect, useState } from "react";

/** A message typed while the agent works, sent when its turn ends. */
export type FollowUp = { id: string; sessionId: string | null; text: string };

type Options = {
  /** The agent is free: no model call, no wait for cells, no cell running. */
  free: boolean;
  /** The last run was stopped or failed: queued messages wait for the user rather than going out. */
  held: boolean;
  /** Resolves when the turn the message started has ended. */
  send: (followUp: FollowUp) => Promise<void>;
};

/**
 * The follow-up queue: messages wait in order, editable and removable, and the first goes out as
 * soon as the agent is free (each starts its own turn, so the next waits for that one to end).
 */
export function useFollowUps({ free, held, send }: Options) {
  const [queue, setQueue] = useState<FollowUp[]>([]);
  const [editing, setEditing] = useState<string | null>(null);
  // One message at a time: the next waits until the turn this one started has ended.
  const [sending, setSending] = useState(false);
  const next = queue[0];

  const start = useCallback(
    (item: FollowUp) => {
      setQueue((all) => all.filter((candidate) => candidate.id !== item.id));
      setSending(true);
      void send(item).finally(() => setSending(false));
    },
    [send],
  );

  useEffect(() => {
    if (!free || held || sending || !next || editing === next.id) return;
    start(next);
  }, [free, held, sending, next, editing, start]);

  const add = useCallback((sessionId: string | null, text: string) => {
    setQueue((all) => [...all, { id: crypto.randomUUID(), sessionId, text }]);
  }, []);
  const edit = useCallback((id: string, text: string) => {
    setQueue((all) => all.map((item) => (item.id === id ? { ...item, text } : item)));
  }, []);
  const remove = useCallback((id: string) => {
    setQueue((all) => all.filter((item) => item.id !== id));
  }, []);
  /** Sends one now (after a stop, when the queue is held). */
  const sendNow = useCallback(
    (id: string) => {
      const item = queue.find((candidate) => candidate.id === id);
      if (item && free && !sending) start(item);
    },
    [queue, free, sending, start],
  );

  return { queue, add, edit, remove, sendNow, editing, setEditing };
}
