import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { createTRPCContext } from "#server/trpc/init.ts";
import { appRouter } from "#server/trpc/root.ts";

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createTRPCContext({ headers: req.headers }),
  });

export { handler as GET, handler as POST };
