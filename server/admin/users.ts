/** Users as the admin sees them: identity, sign-in methods, sessions, quota — never a secret. */
import "server-only";
import { AppError } from "../app-error.ts";
import { db } from "../db.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { readQuotas } from "../quota/read-quota.ts";
import { containing, emailOf, type PageRequest, paged, skipTake } from "./listing.ts";

const userFields = {
  id: true,
  name: true,
  email: true,
  isAnonymous: true,
  role: true,
  banned: true,
  banReason: true,
  banExpires: true,
  createdAt: true,
} as const;

type UserRow = Prisma.UserGetPayload<{ select: typeof userFields }>;

const toView = (user: UserRow) => ({
  ...user,
  email: emailOf(user),
  isAnonymous: Boolean(user.isAnonymous),
  banned: Boolean(user.banned),
});

/** Newest first; `query` matches email, name or id, ignoring case. */
export async function listUsers(request: PageRequest & { query?: string }) {
  const { query } = request;
  const where: Prisma.UserWhereInput = query
    ? { OR: [{ email: containing(query) }, { name: containing(query) }, { id: containing(query) }] }
    : {};
  const [users, total] = await Promise.all([
    db.user.findMany({
      where,
      select: userFields,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...skipTake(request),
    }),
    db.user.count({ where }),
  ]);
  const quotas = await readQuotas(users.map((user) => user.id));
  const items = users.map((user) => {
    const quota = quotas.get(user.id);
    return {
      ...toView(user),
      tier: quota?.tier ?? null,
      usedTokens: quota?.usedTokens ?? null,
      limitTokens: quota?.limitTokens ?? null,
    };
  });
  return paged(items, total, request);
}

/** Enough of a user's history to judge them; the agent section lists the rest of their sessions. */
const RECENT = 50;

export async function getUser(id: string) {
  const found = await db.user.findUnique({
    where: { id },
    select: {
      ...userFields,
      accounts: {
        select: { providerId: true, accountId: true, createdAt: true },
        orderBy: { createdAt: "asc" },
      },
      sessions: {
        select: { id: true, createdAt: true, expiresAt: true, ipAddress: true, userAgent: true },
        orderBy: { createdAt: "desc" },
        take: RECENT,
      },
      virtualKeys: {
        select: { id: true, name: true, keyPrefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
        orderBy: { createdAt: "desc" },
      },
      agentSessions: {
        select: { id: true, title: true, createdAt: true, updatedAt: true },
        orderBy: { updatedAt: "desc" },
        take: RECENT,
      },
    },
  });
  if (!found) throw new AppError("NOT_FOUND", "No such user.");
  const { accounts, sessions, virtualKeys, agentSessions, ...user } = found;
  const quota = (await readQuotas([id])).get(id);
  return {
    user: toView(user),
    accounts,
    sessions,
    quota: quota ?? null,
    keys: virtualKeys.map(({ keyPrefix, ...key }) => ({ ...key, prefix: keyPrefix })),
    agentSessions,
  };
}
