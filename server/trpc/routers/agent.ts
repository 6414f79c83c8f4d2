import "server-only";
import { z } from "zod";
import { deleteAgentSession, renameAgentSession } from "../../agent/sessions.ts";
import { completeToolCall, completeToolCallInput } from "../../agent/tool-calls.ts";
import { exportFormat, exportSession } from "../../export/export-session.ts";
import { recordReplayInput } from "../../export/replay-schema.ts";
import { getReplay, recordReplay } from "../../export/replays.ts";
import { createTRPCRouter, protectedProcedure } from "../init.ts";

export const sessionsRouter = createTRPCRouter({
  rename: protectedProcedure
    .input(z.object({ id: z.uuid(), title: z.string().trim().min(1).max(120) }))
    .mutation(({ ctx, input }) => renameAgentSession(ctx.user.id, input.id, input.title)),
  delete: protectedProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteAgentSession(ctx.user.id, input.id)),
  /** The session as a notebook (.ipynb), a script (.py) or a self-contained report (.html). */
  export: protectedProcedure
    .input(z.object({ id: z.uuid(), format: exportFormat }))
    .mutation(({ ctx, input }) => exportSession(ctx.user.id, input.id, input.format)),
  /** The last "Re-run from scratch", or null. */
  replay: protectedProcedure
    .input(z.object({ id: z.uuid() }))
    .query(({ ctx, input }) => getReplay(ctx.user.id, input.id)),
  recordReplay: protectedProcedure
    .input(recordReplayInput)
    .mutation(({ ctx, input }) => recordReplay(ctx.user.id, input)),
});

export const toolCallsRouter = createTRPCRouter({
  complete: protectedProcedure
    .meta({ acceptsNul: true }) // a program's output may hold NUL: completeToolCall drops it
    .input(completeToolCallInput)
    .mutation(({ ctx, input }) => completeToolCall(ctx.user.id, input)),
});
