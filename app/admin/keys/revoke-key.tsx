"use client";

import { useRouter } from "next/navigation";
import { api } from "../../_trpc/react.tsx";
import styles from "../_components/admin.module.css";

export function RevokeKey({ id, prefix }: { id: string; prefix: string }) {
  const router = useRouter();
  const revoke = api.admin.keys.revoke.useMutation({ onSuccess: () => router.refresh() });
  return (
    <span className={styles.inline}>
      <button
        type="button"
        className={`${styles.button} ${styles.danger}`}
        disabled={revoke.isPending}
        onClick={() =>
          window.confirm(`Revoke ${prefix}…? Requests with it stop at once.`) && revoke.mutate({ id })
        }
      >
        Revoke
      </button>
      {revoke.error ? <span className={styles.error}>{revoke.error.message}</span> : null}
    </span>
  );
}
