import "server-only";
import { z } from "zod";
import { activityFilter, listActivity } from "../../admin/activity.ts";
import { getTranscript, listAgentSessions } from "../../admin/agent.ts";
import { listAudit } from "../../admin/audit.ts";
import { listAllKeys, revokeAnyKey } from "../../admin/keys.ts";
import { pageInput, searchQuery } from "../../admin/listing.ts";
import { overview } from "../../admin/overview.ts";
import { listBuckets, resetUsage, updateBucket } from "../../admin/quota.ts";
import { banUser, setRole, unbanUser } from "../../admin/user-actions.ts";
import { getUser, listUsers } from "../../admin/users.ts";
import { adminRevokeShare, listAllShares } from "../../shares/admin-shares.ts";
import { adminProcedure, createTRPCRouter } from "../init.ts";

/** Better Auth's user ids are opaque strings. */
const userId = z.string().trim().min(1).max(128);
const searchPage = pageInput.extend({ query: searchQuery });

const actorOf = (user: { id: string; email: string }) => ({ id: user.id, email: user.email });

const usersRouter = createTRPCRouter({
  list: adminProcedure.input(searchPage).query(({ input }) => listUsers(input)),
  get: adminProcedure.input(z.object({ id: userId })).query(({ input }) => getUser(input.id)),
  ban: adminProcedure
    .input(
      z.object({
        id: userId,
        reason: z.string().trim().min(1).max(500),
        expiresInDays: z.number().int().min(1).max(3650).nullish(),
      }),
    )
    .mutation(({ ctx, input }) => banUser(actorOf(ctx.user), input)),
  unban: adminProcedure
    .input(z.object({ id: userId }))
    .mutation(({ ctx, input }) => unbanUser(actorOf(ctx.user), input)),
  setRole: adminProcedure
    .input(z.object({ id: userId, role: z.enum(["user", "admin"]) }))
    .mutation(({ ctx, input }) => setRole(actorOf(ctx.user), input)),
});

const quotaRouter = createTRPCRouter({
  list: adminProcedure.input(searchPage).query(({ input }) => listBuckets(input)),
  update: adminProcedure
    .input(
      z
        .object({
          accountId: userId,
          tier: z.enum(["anon", "free", "pro"]).optional(),
          limitTokens: z.number().int().min(0).max(2_000_000_000).optional(),
        })
        .refine((input) => input.tier !== undefined || input.limitTokens !== undefined, {
          message: "Give a tier, a limit or both.",
        }),
    )
    .mutation(({ ctx, input }) => updateBucket(actorOf(ctx.user), input)),
  reset: adminProcedure
    .input(z.object({ accountId: userId }))
    .mutation(({ ctx, input }) => resetUsage(actorOf(ctx.user), input)),
});

const keysRouter = createTRPCRouter({
  list: adminProcedure.input(searchPage).query(({ input }) => listAllKeys(input)),
  revoke: adminProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => revokeAnyKey(actorOf(ctx.user), input)),
});

const agentRouter = createTRPCRouter({
  sessions: adminProcedure
    .input(searchPage.extend({ accountId: userId.optional() }))
    .query(({ input }) => listAgentSessions(input)),
  transcript: adminProcedure
    .input(z.object({ sessionId: z.uuid() }))
    .query(({ input }) => getTranscript(input.sessionId)),
});

/** The admin dashboard's API: every procedure answers NOT_FOUND to anyone but an admin. */
export const adminRouter = createTRPCRouter({
  overview: adminProcedure.query(() => overview()),
  users: usersRouter,
  quota: quotaRouter,
  keys: keysRouter,
  activity: createTRPCRouter({
    list: adminProcedure
      .input(activityFilter.extend(pageInput.shape))
      .query(({ input }) => listActivity(input)),
  }),
  agent: agentRouter,
  shares: createTRPCRouter({
    list: adminProcedure.input(searchPage).query(({ input }) => listAllShares(input)),
    revoke: adminProcedure
      .input(z.object({ id: z.uuid() }))
      .mutation(({ ctx, input }) => adminRevokeShare(actorOf(ctx.user), input)),
  }),
  audit: createTRPCRouter({
    list: adminProcedure.input(pageInput).query(({ input }) => listAudit(input)),
  }),
});
