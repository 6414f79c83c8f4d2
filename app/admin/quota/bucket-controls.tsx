"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { api } from "../../_trpc/react.tsx";
import styles from "../_components/admin.module.css";

const TIERS = ["anon", "free", "pro"] as const;
type Tier = (typeof TIERS)[number];

/** Change a bucket's tier or limit, or reset its usage; the page re-renders with the result. */
export function BucketControls(props: { accountId: string; tier: string; limitTokens: number }) {
  const router = useRouter();
  const [tier, setTier] = useState(props.tier);
  const [limit, setLimit] = useState(String(props.limitTokens));
  const update = api.admin.quota.update.useMutation({ onSuccess: () => router.refresh() });
  const reset = api.admin.quota.reset.useMutation({ onSuccess: () => router.refresh() });
  const error = update.error ?? reset.error;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate({
      accountId: props.accountId,
      ...(tier !== props.tier && { tier: tier as Tier }),
      ...(Number(limit) !== props.limitTokens && { limitTokens: Number(limit) }),
    });
  };
  return (
    <form className={styles.inline} onSubmit={submit}>
      <select
        className={styles.input}
        value={tier}
        onChange={(event) => setTier(event.target.value)}
        aria-label="Tier"
      >
        {TIERS.map((name) => (
          <option key={name}>{name}</option>
        ))}
      </select>
      <input
        className={styles.input}
        type="number"
        min={0}
        step={1000}
        value={limit}
        onChange={(event) => setLimit(event.target.value)}
        aria-label="Limit in tokens"
        style={{ width: 120 }}
      />
      <button type="submit" className={styles.primary} disabled={update.isPending}>
        Save
      </button>
      <button
        type="button"
        className={styles.button}
        disabled={reset.isPending}
        onClick={() =>
          window.confirm("Set this account's usage in the current window to 0?") &&
          reset.mutate({ accountId: props.accountId })
        }
      >
        Reset usage
      </button>
      {error ? <span className={styles.error}>{error.message}</span> : null}
    </form>
  );
}
