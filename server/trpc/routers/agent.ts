import { z } from "zod";
import { deleteAgentSession, renameAgentSession } from "../../agent/sessions.ts";
import { completeToolCall, completeToolCallInput } from "../../agent/tool-calls.ts";
import { createTRPCRouter, protectedProcedure } from "../init.ts";

export const sessionsRouter = createTRPCRouter({
  rename: protectedProcedure
    .input(z.object({ id: z.uuid(), title: z.string().trim().min(1).max(120) }))
    .mutation(({ ctx, input }) => renameAgentSession(ctx.user.id, input.id, input.title)),
  delete: protectedProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteAgentSession(ctx.user.id, input.id)),
});

export const toolCallsRouter = createTRPCRouter({
  complete: protectedProcedure
    .meta({ acceptsNul: true }) // a program's output may hold NUL: completeToolCall drops it
    .input(completeToolCallInput)
    .mutation(({ ctx, input }) => completeToolCall(ctx.user.id, input)),
});
