"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { api } from "../../../_trpc/react.tsx";
import styles from "../../_components/admin.module.css";

/** After an admin action the server-rendered page is rendered again with the new state. */
function useRefresh() {
  const router = useRouter();
  return () => router.refresh();
}

export function BanControl(props: {
  userId: string;
  banned: boolean;
  reason: string | null;
  expires: string | null;
}) {
  const refresh = useRefresh();
  const ban = api.admin.users.ban.useMutation({ onSuccess: refresh });
  const unban = api.admin.users.unban.useMutation({ onSuccess: refresh });
  const [reason, setReason] = useState("");
  const error = ban.error ?? unban.error;
  if (props.banned) {
    return (
      <span className={styles.inline}>
        <span className={styles.badge} data-tone="critical">
          banned
        </span>
        {props.reason ? `“${props.reason}”` : null}
        {props.expires ? ` until ${props.expires}` : null}
        <button
          type="button"
          className={styles.button}
          disabled={unban.isPending}
          onClick={() => unban.mutate({ id: props.userId })}
        >
          Unban
        </button>
        {error ? <span className={styles.error}>{error.message}</span> : null}
      </span>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    ban.mutate({ id: props.userId, reason });
  };
  return (
    <form className={styles.inline} onSubmit={submit}>
      <span className={styles.badge} data-tone="ok">
        active
      </span>
      <input
        className={styles.input}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        placeholder="Reason for the ban"
        aria-label="Ban reason"
        required
        maxLength={500}
      />
      <button type="submit" className={styles.button} data-tone="critical" disabled={ban.isPending}>
        Ban
      </button>
      {error ? <span className={styles.error}>{error.message}</span> : null}
    </form>
  );
}

export function RoleControl({ userId, role }: { userId: string; role: string }) {
  const refresh = useRefresh();
  const setRole = api.admin.users.setRole.useMutation({ onSuccess: refresh });
  return (
    <span className={styles.inline}>
      <select
        className={styles.input}
        aria-label="Role"
        value={role}
        disabled={setRole.isPending}
        onChange={(event) => setRole.mutate({ id: userId, role: event.target.value as "user" | "admin" })}
      >
        <option value="user">user</option>
        <option value="admin">admin</option>
      </select>
      {setRole.error ? <span className={styles.error}>{setRole.error.message}</span> : null}
    </span>
  );
}
