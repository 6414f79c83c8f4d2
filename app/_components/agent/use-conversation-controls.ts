"use client";

import { useCallback } from "react";
import type { MessageRow } from "#common/synced-tables.ts";
import type { useAgent } from "./use-agent.ts";
import { useAttach } from "./use-attach.ts";
import { type FollowUp, useFollowUps } from "./use-follow-ups.ts";

type Agent = ReturnType<typeof useAgent>;

/**
 * The conversation's controls beyond Send and Stop: following an answer in flight (after a
 * reload, or from another tab), the follow-up queue, and steering an answer as it streams.
 */
export function useConversationControls(
  agent: Agent,
  {
    selected,
    messages,
    model,
    cellRunning,
  }: {
    selected: string | null;
    messages: MessageRow[];
    model: string | null;
    cellRunning: boolean;
  },
) {
  const busy = agent.state.status !== "idle";
  useAttach(agent.attach, selected, messages, busy);
  const note = agent.state.status === "idle" ? agent.state.note : null;
  const held = note?.kind === "stopped" || note?.kind === "error";
  const free = !busy && !cellRunning && Boolean(model);
  const loopSession = agent.state.sessionId;
  const send = useCallback(
    async (item: FollowUp) => {
      if (model) await agent.send(item.text, item.sessionId ?? loopSession, model);
    },
    [model, agent.send, loopSession],
  );
  const followUps = useFollowUps({ free, held, send });
  const shownSession = selected ?? loopSession;
  return {
    followUps: { ...followUps, queue: followUps.queue.filter((item) => item.sessionId === shownSession) },
    held,
    free,
    queue: (text: string) => followUps.add(shownSession, text),
    steer:
      agent.state.status === "streaming" && model
        ? (text: string) => void agent.steer(text, selected, model)
        : undefined,
  };
}
