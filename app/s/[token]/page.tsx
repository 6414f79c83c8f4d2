import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { loadSession } from "#server/export/load-session.ts";
import { resolveShare } from "#server/shares/shares.ts";
import { SharedSession } from "./shared-session.tsx";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "Shared analysis — Ada",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

/**
 * A session's read-only page for anyone with its link: no sign-in, no quota, nothing of the
 * owner's account or files. An unknown or revoked link, a deleted session or a banned owner is a
 * 404, looked up on every request so a revoke takes effect at once.
 */
export default async function SharedSessionPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const sessionId = await resolveShare(token);
  if (!sessionId) notFound();
  const session = await loadSession(sessionId, null).catch(() => null);
  if (!session) notFound();
  return <SharedSession session={session} />;
}
