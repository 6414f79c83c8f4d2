/** The last replay of a session ("Re-run from scratch"), recorded by the browser that ran it. */
import "server-only";
import { z } from "zod";
import { AppError } from "../app-error.ts";
import { db } from "../db.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { type recordReplayInput, replayCellSchema } from "./replay-schema.ts";

/**
 * Replaces the session's replay. Every cell must be one of the session's cells that ran: a
 * replay of anything else is not this session's.
 */
export async function recordReplay(accountId: string, input: z.infer<typeof recordReplayInput>) {
  const session = await db.agentSession.findFirst({
    where: { id: input.id, accountId },
    select: { toolCalls: { where: { status: { in: ["completed", "error"] } }, select: { id: true } } },
  });
  if (!session) throw new AppError("NOT_FOUND", "No such session.");
  const ran = new Set(session.toolCalls.map((cell) => cell.id));
  const stranger = input.cells.find((cell) => !ran.has(cell.cellId));
  if (stranger)
    throw new AppError("BAD_REQUEST", `Cell ${stranger.cellId} is not a cell that ran in this session.`);
  if (new Set(input.cells.map((cell) => cell.cellId)).size !== input.cells.length) {
    throw new AppError("BAD_REQUEST", "A replay names each cell once.");
  }
  const cells = input.cells as Prisma.InputJsonValue;
  const replayedAt = new Date();
  await db.sessionReplay.upsert({
    where: { sessionId: input.id },
    create: { sessionId: input.id, replayedAt, cells },
    update: { replayedAt, cells },
  });
  return { replayedAt };
}

/** The session's last replay, or null; another account's session is missing. */
export async function getReplay(accountId: string, sessionId: string) {
  const session = await db.agentSession.findFirst({
    where: { id: sessionId, accountId },
    select: { replay: { select: { replayedAt: true, cells: true } } },
  });
  if (!session) throw new AppError("NOT_FOUND", "No such session.");
  if (!session.replay) return null;
  return {
    replayedAt: session.replay.replayedAt,
    cells: z.array(replayCellSchema).safeParse(session.replay.cells).data ?? [],
  };
}
