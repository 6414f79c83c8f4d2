/** Reads a session into the shape the exports and the share page use (server/export/session-data.ts). */
import "server-only";
import { z } from "zod";
import type { Replay } from "#common/replay-summary.ts";
import { cellOutputSchema } from "../agent/tool-calls.ts";
import { AppError } from "../app-error.ts";
import { db } from "../db.ts";
import { env } from "../env.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { catalogUrls, filesUsed } from "./data-files.ts";
import { replayCellSchema } from "./replay-schema.ts";
import {
  codeOf,
  type ExportCell,
  type ExportSession,
  type ExportTurn,
  executedCells,
} from "./session-data.ts";

const storedOutputs = z.array(cellOutputSchema);
const storedReplay = z.array(replayCellSchema);

const sessionFields = {
  id: true,
  title: true,
  model: true,
  createdAt: true,
  messages: { select: { id: true, role: true, content: true }, orderBy: { seq: "asc" } },
  toolCalls: {
    select: {
      id: true,
      messageId: true,
      callId: true,
      proposedCode: true,
      executedCode: true,
      status: true,
      outputs: true,
      skipReason: true,
      createdAt: true,
    },
    // As the transcript shows them (app/_components/agent/transcript.tsx).
    orderBy: [{ createdAt: "asc" }, { callId: "asc" }],
  },
  replay: { select: { replayedAt: true, cells: true } },
} satisfies Prisma.AgentSessionSelect;

/**
 * The session `id`, when it is `accountId`'s (another account's is reported as missing); without
 * an account, whoever's it is (the share page, which checked its link first).
 */
export async function loadSession(id: string, accountId: string | null): Promise<ExportSession> {
  const found = await db.agentSession.findFirst({
    where: { id, ...(accountId === null ? {} : { accountId }) },
    select: sessionFields,
  });
  if (!found) throw new AppError("NOT_FOUND", "No such session.");
  const turns: ExportTurn[] = [];
  for (const message of found.messages) {
    if (message.role === "user") turns.push({ role: "user", text: message.content ?? "" });
    if (message.role !== "assistant") continue;
    const cells = found.toolCalls
      .filter((call) => call.messageId === message.id)
      .map(
        (call): ExportCell => ({
          id: call.id,
          proposedCode: call.proposedCode,
          executedCode: call.executedCode,
          status: call.status,
          // Rows are checked when written; one that is not readable shows no outputs rather than failing the export.
          outputs: storedOutputs.safeParse(call.outputs ?? []).data ?? [],
          skipReason: call.skipReason,
        }),
      );
    turns.push({ role: "assistant", text: message.content ?? "", cells });
  }
  const replay: Replay | null = found.replay
    ? { replayedAt: found.replay.replayedAt, cells: storedReplay.safeParse(found.replay.cells).data ?? [] }
    : null;
  return {
    id: found.id,
    title: found.title,
    model: found.model,
    createdAt: found.createdAt,
    turns,
    files: filesUsed(executedCells({ turns }).map(codeOf), catalogUrls(env.SEABORN_DATA_URL)),
    replay,
    exportedAt: new Date(),
  };
}
