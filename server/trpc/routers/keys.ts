import "server-only";
import { z } from "zod";
import { createKey, listAccountKeys, revokeAccountKey } from "../../keys/keys.ts";
import { createTRPCRouter, protectedProcedure } from "../init.ts";

export const keysRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listAccountKeys(ctx.user.id)),
  create: protectedProcedure
    .input(z.object({ name: z.string().trim().min(1).max(64) }))
    .mutation(({ ctx, input }) => createKey(ctx.user.id, input.name)),
  revoke: protectedProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => revokeAccountKey(ctx.user.id, input.id)),
});
