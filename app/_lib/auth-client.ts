import { anonymousClient, emailOTPClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";

// No adminClient(): Better Auth's admin endpoints are switched off (server/auth/auth.ts); the
// dashboard at /admin uses its own audited functions.
export const authClient = createAuthClient({
  plugins: [anonymousClient(), emailOTPClient()],
});
