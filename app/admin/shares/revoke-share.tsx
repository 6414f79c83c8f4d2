"use client";

import { useRouter } from "next/navigation";
import { api } from "../../_trpc/react.tsx";
import styles from "../_components/admin.module.css";

export function RevokeShare({ id, prefix }: { id: string; prefix: string }) {
  const router = useRouter();
  const revoke = api.admin.shares.revoke.useMutation({ onSuccess: () => router.refresh() });
  return (
    <span className={styles.inline}>
      <button
        type="button"
        className={`${styles.button} ${styles.danger}`}
        disabled={revoke.isPending}
        onClick={() =>
          window.confirm(`Revoke /s/${prefix}…? The link stops working at once.`) && revoke.mutate({ id })
        }
      >
        Revoke
      </button>
      {revoke.error ? <span className={styles.error}>{revoke.error.message}</span> : null}
    </span>
  );
}
