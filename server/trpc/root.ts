import "server-only";
import { createCallerFactory, createTRPCRouter } from "./init.ts";
import { accountRouter } from "./routers/account.ts";
import { adminRouter } from "./routers/admin.ts";
import { sessionsRouter, toolCallsRouter } from "./routers/agent.ts";
import { datasetsRouter } from "./routers/datasets.ts";
import { keysRouter } from "./routers/keys.ts";
import { sharesRouter } from "./routers/shares.ts";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  admin: adminRouter,
  datasets: datasetsRouter,
  keys: keysRouter,
  sessions: sessionsRouter,
  shares: sharesRouter,
  toolCalls: toolCallsRouter,
});

export type AppRouter = typeof appRouter;

/** Server-side calls (RSC and tests) without HTTP. */
export const createCaller = createCallerFactory(appRouter);
