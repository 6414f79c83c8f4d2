import "server-only";
import { z } from "zod";
import { createShare, listShares, revokeShare } from "../../shares/shares.ts";
import { createTRPCRouter, protectedProcedure } from "../init.ts";

/** Read-only links to the caller's sessions (`/s/<token>`); anonymous accounts share too. */
export const sharesRouter = createTRPCRouter({
  create: protectedProcedure
    .input(z.object({ sessionId: z.uuid() }))
    .mutation(({ ctx, input }) => createShare(ctx.user.id, input.sessionId)),
  list: protectedProcedure
    .input(z.object({ sessionId: z.uuid().optional() }).default({}))
    .query(({ ctx, input }) => listShares(ctx.user.id, input.sessionId)),
  revoke: protectedProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => revokeShare(ctx.user.id, input.id)),
});
