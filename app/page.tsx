import { headers } from "next/headers";
import { auth, emailSignInEnabled, enabledSocialProviders } from "#server/auth/auth.ts";
import { env } from "#server/env.ts";
import { Workspace } from "./_components/workspace.tsx";
import { EarlyPythonWorker } from "./_python/early-worker.tsx";
import { api, HydrateClient } from "./_trpc/server.ts";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const session = await auth.api.getSession({ headers: await headers() });
  // A returning visitor's header renders with its data; a first visit signs in from the browser.
  if (session) await api.account.me.prefetch();
  return (
    <HydrateClient>
      <EarlyPythonWorker />
      <Workspace
        initiallySignedIn={Boolean(session)}
        signIn={{ email: emailSignInEnabled, providers: enabledSocialProviders }}
        agent={{
          maxToolTurns: env.AGENT_MAX_TOOL_TURNS,
          maxFixes: env.AGENT_MAX_FIXES,
          pythonTimeoutMs: env.PYTHON_TIMEOUT_SECONDS * 1000,
        }}
      />
    </HydrateClient>
  );
}
