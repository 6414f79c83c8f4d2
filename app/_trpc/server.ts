import "server-only";
import { createHydrationHelpers } from "@trpc/react-query/rsc";
import { headers } from "next/headers";
import { cache } from "react";
import { createTRPCContext } from "#server/trpc/init.ts";
import { type AppRouter, createCaller } from "#server/trpc/root.ts";
import { makeQueryClient } from "./query-client.ts";

const createContext = cache(async () => createTRPCContext({ headers: new Headers(await headers()) }));
const getQueryClient = cache(makeQueryClient);

/** RSC access to the same procedures, with prefetches handed to the client through HydrateClient. */
export const { trpc: api, HydrateClient } = createHydrationHelpers<AppRouter>(
  createCaller(createContext),
  getQueryClient,
);
