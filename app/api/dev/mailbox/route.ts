import { serveDevMailbox } from "#server/auth/dev-mailbox.ts";

/** The latest sign-in code sent to an address: development and tests only. */
export const GET = serveDevMailbox;
