/**
 * The audit trail of admin actions. Each action writes its row in its own transaction, so a
 * change and its record commit (or fail) together.
 */
import "server-only";
import { db } from "../db.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { type PageRequest, paged, skipTake } from "./listing.ts";

/** The admin performing an action. */
export type Actor = { id: string; email: string };

type Target = {
  /** e.g. "user.ban", "user.unban", "user.role", "quota.update", "quota.reset", "key.revoke", "share.revoke". */
  action: string;
  /** "user" (its account, quota included), "key" or "share" (a session's read-only link). */
  targetType: "user" | "key" | "share";
  targetId: string;
};

type Fields = Record<string, string | number | boolean | Date | null>;

const same = (a: Fields[string] | undefined, b: Fields[string]) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

const toJson = (fields: Fields, keys: string[]) =>
  Object.fromEntries(
    keys.map((key) => {
      const value = fields[key] ?? null;
      return [key, value instanceof Date ? value.toISOString() : value];
    }),
  ) as Prisma.InputJsonObject;

/**
 * Records the fields of `after` whose value differs from `before` (only those, both ways).
 * Nothing changed, nothing recorded: returns false.
 */
export async function recordChange(
  tx: Prisma.TransactionClient,
  actor: Actor,
  target: Target,
  before: Fields,
  after: Fields,
) {
  const changed = Object.keys(after).filter((key) => !same(before[key], after[key] ?? null));
  if (changed.length === 0) return false;
  await tx.adminAudit.create({
    data: {
      actorId: actor.id,
      actorEmail: actor.email,
      ...target,
      before: toJson(before, changed),
      after: toJson(after, changed),
    },
  });
  return true;
}

export async function listAudit(request: PageRequest) {
  const [items, total] = await Promise.all([
    db.adminAudit.findMany({
      select: {
        id: true,
        actorId: true,
        actorEmail: true,
        action: true,
        targetType: true,
        targetId: true,
        before: true,
        after: true,
        createdAt: true,
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      ...skipTake(request),
    }),
    db.adminAudit.count(),
  ]);
  return paged(items, total, request);
}
