/** Every account's read-only links, for admins: list, and revoke (audited). */
import "server-only";
import { z } from "zod";
import { type Actor, recordChange } from "../admin/audit.ts";
import { containing, emailOf, ownerFields, type PageRequest, paged, skipTake } from "../admin/listing.ts";
import { AppError } from "../app-error.ts";
import { db } from "../db.ts";
import type { Prisma } from "../generated/prisma/client.ts";

const shareFields = {
  id: true,
  sessionId: true,
  tokenPrefix: true,
  createdAt: true,
  revokedAt: true,
  session: { select: { title: true, accountId: true, account: { select: ownerFields } } },
} as const;

type ShareRow = Prisma.SessionShareGetPayload<{ select: typeof shareFields }>;

const toView = ({ tokenPrefix, session, ...share }: ShareRow) => ({
  ...share,
  prefix: tokenPrefix,
  sessionTitle: session.title,
  ownerId: session.accountId,
  ownerEmail: emailOf(session.account),
});

/** Newest first; `query` matches the session's title, the owner's id or email, or the session id. */
export async function listAllShares(request: PageRequest & { query?: string }) {
  const { query } = request;
  const where: Prisma.SessionShareWhereInput = query
    ? {
        OR: [
          { tokenPrefix: { startsWith: query } },
          { session: { title: containing(query) } },
          { session: { accountId: containing(query) } },
          { session: { account: { email: containing(query) } } },
          // ids are uuids: anything else would be a database error, not a miss
          ...(z.uuid().safeParse(query).success ? [{ sessionId: query }] : []),
        ],
      }
    : {};
  const [shares, total] = await Promise.all([
    db.sessionShare.findMany({
      where,
      select: shareFields,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...skipTake(request),
    }),
    db.sessionShare.count({ where }),
  ]);
  return paged(shares.map(toView), total, request);
}

/** Revokes any link; revoking a revoked link changes (and records) nothing. */
export async function adminRevokeShare(actor: Actor, input: { id: string }) {
  const { id } = input;
  await db.$transaction(async (tx) => {
    const revokedAt = new Date();
    // Conditional on still working, so two admins revoking at once record it once.
    const revoked = await tx.sessionShare.updateMany({ where: { id, revokedAt: null }, data: { revokedAt } });
    if (revoked.count === 0) return;
    await recordChange(
      tx,
      actor,
      { action: "share.revoke", targetType: "share", targetId: id },
      { revokedAt: null },
      { revokedAt },
    );
  });
  const share = await db.sessionShare.findUnique({ where: { id }, select: shareFields });
  if (!share) throw new AppError("NOT_FOUND", "No such link.");
  return toView(share);
}
