import { serveDevMailbox } from "#server/auth/dev-mailbox.ts";
import { jsonRoute } from "#server/http/json-route.ts";

/** The latest sign-in code sent to an address: development and tests only. */
export const GET = jsonRoute(({ request }) => serveDevMailbox(request));
