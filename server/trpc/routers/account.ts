import "server-only";
import { readQuota } from "../../quota/read-quota.ts";
import { createTRPCRouter, protectedProcedure } from "../init.ts";

export const accountRouter = createTRPCRouter({
  me: protectedProcedure.query(async ({ ctx }) => {
    const { id, isAnonymous, email, name } = ctx.user;
    return {
      user: { id, isAnonymous: Boolean(isAnonymous), email: isAnonymous ? null : email, name },
      quota: await readQuota(id),
    };
  }),
});
