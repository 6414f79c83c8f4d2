"use client";

import { type FormEvent, useCallback, useState } from "react";
import { authClient } from "../_lib/auth-client.ts";
import styles from "./account-menu.module.css";

type Step = { kind: "email" } | { kind: "code"; email: string };
type Provider = "google" | "github";
export type SignInOptions = { email: boolean; providers: Provider[] };
const providerNames: Record<Provider, string> = { google: "Google", github: "GitHub" };

/**
 * Sign-in for an anonymous visitor: an emailed one-time code, or Google/GitHub when configured.
 * The anonymous account is upgraded in place: its sessions, files and usage stay.
 */
export function SignInForm({ options, onSignedIn }: { options: SignInOptions; onSignedIn: () => void }) {
  const { providers } = options;
  const [step, setStep] = useState<Step>({ kind: "email" });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The dialog opens on its field, and moves to the code field when the code is sent.
  const field = useCallback((input: HTMLInputElement | null) => input?.focus(), []);

  async function run(action: () => Promise<{ error: { message?: string; status?: number } | null }>) {
    setBusy(true);
    setError(null);
    try {
      const { error: failure } = await action();
      if (failure) {
        setError(
          failure.status === 429
            ? "Too many attempts. Wait a few minutes, then try again."
            : (failure.message ?? "Something went wrong; please try again."),
        );
        return false;
      }
      return true;
    } finally {
      setBusy(false);
    }
  }

  async function sendCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "").trim();
    if (await run(() => authClient.emailOtp.sendVerificationOtp({ email, type: "sign-in" }))) {
      setStep({ kind: "code", email });
    }
  }

  async function verify(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (step.kind !== "code") return;
    const otp = String(new FormData(event.currentTarget).get("code") ?? "").trim();
    if (await run(() => authClient.signIn.emailOtp({ email: step.email, otp }))) onSignedIn();
  }

  return (
    <div className={styles.signIn}>
      <p className={styles.lead}>Sign in to keep your work on every device. Nothing here is lost.</p>
      {!options.email && providers.length === 0 ? (
        <p className={styles.error}>Sign-in is not configured on this server yet.</p>
      ) : null}
      {!options.email ? null : step.kind === "email" ? (
        <form key="email" onSubmit={sendCode} className={styles.form}>
          <label htmlFor="sign-in-email">Email</label>
          <input
            id="sign-in-email"
            className={styles.input}
            name="email"
            type="email"
            autoComplete="email"
            required
            ref={field}
          />
          <button type="submit" className={styles.primary} disabled={busy}>
            {busy ? "Sending…" : "Email me a code"}
          </button>
        </form>
      ) : (
        <form key="code" onSubmit={verify} className={styles.form}>
          <label htmlFor="sign-in-code">Code sent to {step.email}</label>
          <input
            id="sign-in-code"
            className={styles.input}
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            required
            ref={field}
          />
          <button type="submit" className={styles.primary} disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
          <button type="button" className={styles.link} onClick={() => setStep({ kind: "email" })}>
            Use another address
          </button>
        </form>
      )}
      {error ? (
        <p className={styles.error} role="alert">
          {error}
        </p>
      ) : null}
      {providers.length ? (
        <div className={styles.providers}>
          {providers.map((provider) => (
            <button
              key={provider}
              type="button"
              className={styles.secondary}
              disabled={busy}
              onClick={() => run(() => authClient.signIn.social({ provider, callbackURL: "/" }))}
            >
              Continue with {providerNames[provider]}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
