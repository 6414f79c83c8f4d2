"use client";

import { useEffect, useRef, useState } from "react";
import { forgetLocalData, startPythonKernel } from "../_python/use-python-kernel.ts";
import { api } from "../_trpc/react.tsx";
import { AccountMenu } from "./account-menu.tsx";
import { AgentWorkspace } from "./agent/agent-workspace.tsx";
import { writeSessionToUrl } from "./agent/session-url.ts";
import type { AgentConfig } from "./agent/use-agent.ts";
import LiveQuotaMeter from "./live-quota-meter.tsx";
import { QuotaMeter } from "./quota-meter.tsx";
import type { SignInOptions } from "./sign-in-form.tsx";
import { useAnonymousSession } from "./use-anonymous-session.ts";
import styles from "./workspace.module.css";

type Props = { initiallySignedIn: boolean; signIn: SignInOptions; agent: AgentConfig };

export function Workspace({ initiallySignedIn, signIn, agent }: Props) {
  const { state, restart } = useAnonymousSession(initiallySignedIn);
  // Python needs no account: it starts loading while the visitor is being signed in.
  useEffect(() => void startPythonKernel(agent.pythonTimeoutMs), [agent.pythonTimeoutMs]);
  const me = api.account.me.useQuery(undefined, { enabled: state.status === "ready" });
  const utils = api.useUtils();
  const previousStatus = useRef(state.status);
  // A new anonymous account after sign-out: everything shown so far belonged to the old one.
  useEffect(() => {
    if (previousStatus.current !== "ready" && state.status === "ready") void utils.invalidate();
    previousStatus.current = state.status;
  }, [state.status, utils]);

  const onAccountChanged = async (change: "signed-in" | "signed-out") => {
    if (change === "signed-in") return void utils.invalidate();
    writeSessionToUrl(null);
    await forgetLocalData(agent.pythonTimeoutMs);
    restart();
  };
  // Live rows are a browser-only concern: the server (and hydration) render the meter from account.me.
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  // The agent shows its run's tokens here, beside the day's meter.
  const [runMeterSlot, setRunMeterSlot] = useState<HTMLElement | null>(null);

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
              <div ref={setRunMeterSlot} />
              {mounted ? (
                <LiveQuotaMeter key={me.data.user.id} accountId={me.data.user.id} initial={me.data.quota} />
              ) : (
                <QuotaMeter quota={me.data.quota} live={false} />
              )}
              <AccountMenu user={me.data.user} signIn={signIn} onAccountChanged={onAccountChanged} />
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
            <button type="button" className={styles.button} onClick={restart}>
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
        ) : me.data && mounted ? (
          <AgentWorkspace
            key={me.data.user.id}
            accountId={me.data.user.id}
            config={agent}
            runMeterSlot={runMeterSlot}
          />
        ) : (
          <section className={styles.welcome} aria-busy="true">
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
