"use client";

import { useRouter } from "next/navigation";
import { api } from "../../_trpc/react.tsx";
import { RevokeButton } from "../_components/revoke-button.tsx";

export function RevokeShare({ id, prefix }: { id: string; prefix: string }) {
  const router = useRouter();
  const revoke = api.admin.shares.revoke.useMutation({ onSuccess: () => router.refresh() });
  return (
    <RevokeButton
      question={`Revoke /s/${prefix}…? The link stops working at once.`}
      pending={revoke.isPending}
      error={revoke.error}
      onRevoke={() => revoke.mutate({ id })}
    />
  );
}
