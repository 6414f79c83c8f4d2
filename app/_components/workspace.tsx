"use client";

import { useEffect, useState } from "react";
import { api } from "../_trpc/react.tsx";
import { AccountBadge } from "./account-badge.tsx";
import LiveQuotaMeter from "./live-quota-meter.tsx";
import { QuotaMeter } from "./quota-meter.tsx";
import { useAnonymousSession } from "./use-anonymous-session.ts";
import styles from "./workspace.module.css";

export function Workspace({ initiallySignedIn }: { initiallySignedIn: boolean }) {
  const { state, retry } = useAnonymousSession(initiallySignedIn);
  const me = api.account.me.useQuery(undefined, { enabled: state.status === "ready" });
  // Live rows are a browser-only concern: the server (and hydration) render the meter from account.me.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);

  return (
    <div className={styles.shell}>
      <header className={styles.header}>
        <div className={styles.brand}>
          <span className={styles.logo} aria-hidden>
            A
          </span>
          <span className={styles.name}>Ada</span>
          <span className={styles.tagline}>data analysis agent</span>
        </div>
        <div className={styles.status}>
          {me.data ? (
            <>
              {mounted ? (
                <LiveQuotaMeter initial={me.data.quota} />
              ) : (
                <QuotaMeter quota={me.data.quota} live={false} />
              )}
              <AccountBadge user={me.data.user} />
            </>
          ) : state.status !== "error" ? (
            <span className={styles.placeholder} aria-busy="true">
              Starting your workspace…
            </span>
          ) : null}
        </div>
      </header>

      <main className={styles.main}>
        {state.status === "error" ? (
          <section className={styles.notice} role="alert">
            <h1>Your workspace could not start</h1>
            <p>{state.message}</p>
            {state.retryAfterSeconds ? (
              <p>Please try again in {Math.ceil(state.retryAfterSeconds / 60)} minutes.</p>
            ) : null}
            <button type="button" className={styles.button} onClick={retry}>
              Try again
            </button>
          </section>
        ) : me.error ? (
          <section className={styles.notice} role="alert">
            <h1>Something went wrong</h1>
            <p>{me.error.message}</p>
            <button type="button" className={styles.button} onClick={() => me.refetch()}>
              Try again
            </button>
          </section>
        ) : (
          <section className={styles.welcome}>
            <h1>Ask a question about your data</h1>
            <p>
              Ada proposes Python, you approve each step, and it runs here in your browser. No sign-up needed:
              you already have a workspace with a daily token allowance.
            </p>
          </section>
        )}
      </main>
    </div>
  );
}
