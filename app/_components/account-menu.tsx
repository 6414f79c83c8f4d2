"use client";

import { useEffect, useRef, useState } from "react";
import { authClient } from "../_lib/auth-client.ts";
import { AccountBadge } from "./account-badge.tsx";
import styles from "./account-menu.module.css";
import { SignInForm, type SignInOptions } from "./sign-in-form.tsx";

type User = { id: string; isAnonymous: boolean; email: string | null; name: string };

/** The account badge, opening sign-in (anonymous visitors) or sign-out (signed-in users). */
export function AccountMenu({
  user,
  signIn,
  onAccountChanged,
}: {
  user: User;
  signIn: SignInOptions;
  onAccountChanged: (change: "signed-in" | "signed-out") => void;
}) {
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && setOpen(false);
    const onClick = (event: MouseEvent) => {
      if (!panel.current?.parentElement?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("mousedown", onClick);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("mousedown", onClick);
    };
  }, [open]);

  async function signOut() {
    await authClient.signOut();
    setOpen(false);
    onAccountChanged("signed-out");
  }

  return (
    <div className={styles.menu}>
      <button
        type="button"
        className={styles.trigger}
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen((value) => !value)}
      >
        <AccountBadge user={user} />
      </button>
      {open ? (
        <div ref={panel} className={styles.panel} role="dialog" aria-label="Account">
          {user.isAnonymous ? (
            <SignInForm
              options={signIn}
              onSignedIn={() => {
                setOpen(false);
                onAccountChanged("signed-in");
              }}
            />
          ) : (
            <div className={styles.signedIn}>
              <p className={styles.lead}>
                Signed in as <strong>{user.email ?? user.name}</strong>
              </p>
              <button type="button" className={styles.secondary} onClick={signOut}>
                Sign out
              </button>
            </div>
          )}
        </div>
      ) : null}
    </div>
  );
}
