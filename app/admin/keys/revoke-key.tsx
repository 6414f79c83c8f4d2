"use client";

import { useRouter } from "next/navigation";
import { api } from "../../_trpc/react.tsx";
import { RevokeButton } from "../_components/revoke-button.tsx";

export function RevokeKey({ id, prefix }: { id: string; prefix: string }) {
  const router = useRouter();
  const revoke = api.admin.keys.revoke.useMutation({ onSuccess: () => router.refresh() });
  return (
    <RevokeButton
      question={`Revoke ${prefix}…? Requests with it stop at once.`}
      pending={revoke.isPending}
      error={revoke.error}
      onRevoke={() => revoke.mutate({ id })}
    />
  );
}
