"use client";

import { useCallback, useEffect, useState } from "react";
import { authClient } from "../_lib/auth-client.ts";

type SessionState =
  | { status: "ready" }
  | { status: "signing-in" }
  | { status: "error"; message: string; retryAfterSeconds?: number };

// Shared across renders (and React's strict-mode double effects): one sign-in at a time.
let pending: Promise<SessionState> | undefined;

async function signInAnonymously(): Promise<SessionState> {
  let retryAfter: number | undefined;
  const { error } = await authClient.signIn.anonymous({
    fetchOptions: {
      onError: ({ response }) => {
        retryAfter = Number(response.headers.get("x-retry-after")) || undefined;
      },
    },
  });
  // Already anonymous: another tab, or a navigation that cut this page's first sign-in short after
  // the server had answered it, signed this browser in a moment ago. Its session is the one to use.
  if (!error || error.code === "ANONYMOUS_USERS_CANNOT_SIGN_IN_AGAIN_ANONYMOUSLY") return { status: "ready" };
  if (error.status === 429) {
    return {
      status: "error",
      message: "Too many new visitors from your network right now, so we could not start a workspace.",
      retryAfterSeconds: retryAfter,
    };
  }
  return { status: "error", message: error.message ?? "We could not start your workspace." };
}

/**
 * Signs a first-time visitor in anonymously, with no click; `restart` does it again (after
 * signing out, a visitor gets a new anonymous account, never the old one back).
 */
export function useAnonymousSession(initiallySignedIn: boolean) {
  const [state, setState] = useState<SessionState>(
    initiallySignedIn ? { status: "ready" } : { status: "signing-in" },
  );
  useEffect(() => {
    if (state.status !== "signing-in") return;
    pending ??= signInAnonymously();
    const current = pending;
    let live = true;
    current.then((next) => {
      if (current === pending) pending = undefined;
      if (live) setState(next);
    });
    return () => {
      live = false;
    };
  }, [state.status]);

  const restart = useCallback(() => setState({ status: "signing-in" }), []);
  return { state, restart };
}
