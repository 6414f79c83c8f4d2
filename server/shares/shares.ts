/**
 * Read-only links to a session (`/s/<token>`). A link belongs to whoever owns its session now, so
 * it follows the session when an anonymous account signs in; it stops working when it is
 * revoked, when the session is deleted, or while its owner is banned.
 */
import "server-only";
import { AppError } from "../app-error.ts";
import { isBanned } from "../auth/access.ts";
import { db } from "../db.ts";
import { hashShareToken, isShareToken, newShareToken, sharePath } from "./share-token.ts";

/** Links a session may have that still work: each is a way in, and rows are not free. */
export const MAX_ACTIVE_SHARES = 20;

const shareFields = {
  id: true,
  sessionId: true,
  tokenPrefix: true,
  createdAt: true,
  revokedAt: true,
  session: { select: { title: true } },
} as const;

type ShareRow = {
  id: string;
  sessionId: string;
  tokenPrefix: string;
  createdAt: Date;
  revokedAt: Date | null;
  session: { title: string };
};

const toView = ({ tokenPrefix, session, ...share }: ShareRow) => ({
  ...share,
  prefix: tokenPrefix,
  sessionTitle: session.title,
});

/** A new link to one of the account's sessions; its token is in the answer and nowhere else, ever. */
export async function createShare(accountId: string, sessionId: string) {
  const secret = newShareToken();
  const share = await db.$transaction(async (tx) => {
    // A transaction-scoped lock per session: creations that race cannot pass the cap together.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`session_shares:${sessionId}`}, 0))`;
    const session = await tx.agentSession.findFirst({
      where: { id: sessionId, accountId },
      select: { id: true },
    });
    if (!session) throw new AppError("NOT_FOUND", "No such session.");
    const active = await tx.sessionShare.count({ where: { sessionId, revokedAt: null } });
    if (active >= MAX_ACTIVE_SHARES) {
      throw new AppError(
        "CONFLICT",
        `An analysis can have at most ${MAX_ACTIVE_SHARES} working links; revoke one first.`,
      );
    }
    return tx.sessionShare.create({
      data: { sessionId, tokenHash: secret.hash, tokenPrefix: secret.prefix },
      select: shareFields,
    });
  });
  return { ...toView(share), token: secret.token, path: sharePath(secret.token) };
}

/** The account's links, newest first: of one session, or of all its sessions. */
export async function listShares(accountId: string, sessionId?: string) {
  const rows = await db.sessionShare.findMany({
    where: { session: { accountId }, ...(sessionId ? { sessionId } : {}) },
    select: shareFields,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map(toView);
}

/** Revokes one of the account's links (at once: the page looks the link up on every request). */
export async function revokeShare(accountId: string, id: string) {
  const existing = await db.sessionShare.findFirst({
    where: { id, session: { accountId } },
    select: shareFields,
  });
  if (!existing) throw new AppError("NOT_FOUND", "No such link.");
  if (existing.revokedAt) return toView(existing);
  const revoked = await db.sessionShare.update({
    where: { id },
    data: { revokedAt: new Date() },
    select: shareFields,
  });
  return toView(revoked);
}

/**
 * The session a token opens, or null: an unknown or malformed token, a revoked link, or an owner
 * who is banned all look the same (the page answers 404).
 */
export async function resolveShare(token: string) {
  if (!isShareToken(token)) return null;
  const share = await db.sessionShare.findUnique({
    where: { tokenHash: hashShareToken(token) },
    select: {
      sessionId: true,
      revokedAt: true,
      session: { select: { account: { select: { banned: true, banExpires: true } } } },
    },
  });
  if (!share || share.revokedAt || isBanned(share.session.account)) return null;
  return share.sessionId;
}
