import { handleTRPCRequest } from "#server/trpc/http.ts";

export { handleTRPCRequest as GET, handleTRPCRequest as POST };
