/** Ban, unban and role changes, each in one transaction with its audit row. */
import "server-only";
import { AppError } from "../app-error.ts";
import { db } from "../db.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { type Actor, recordChange } from "./audit.ts";

type Standing = { role: string | null; banned: boolean; banReason: string | null; banExpires: Date | null };

const DAY_MS = 86_400_000;

/**
 * The user's row, locked until the transaction ends, so what the audit records as `before` is
 * exactly what the change replaced (raw SQL: Prisma has no SELECT … FOR UPDATE).
 */
async function lockUser(tx: Prisma.TransactionClient, id: string) {
  const [user] = await tx.$queryRaw<(Standing & { isAnonymous: boolean })[]>`
    SELECT role, coalesce(banned, false) AS banned, ban_reason AS "banReason",
           ban_expires AS "banExpires", coalesce(is_anonymous, false) AS "isAnonymous"
    FROM "user" WHERE id = ${id} FOR UPDATE`;
  if (!user) throw new AppError("NOT_FOUND", "No such user.");
  return user;
}

async function updateStanding(
  tx: Prisma.TransactionClient,
  actor: Actor,
  action: string,
  id: string,
  before: Standing,
  data: Partial<Standing>,
) {
  const updated = await tx.user.update({
    where: { id },
    data,
    select: { role: true, banned: true, banReason: true, banExpires: true },
  });
  const after = { ...updated, banned: Boolean(updated.banned) };
  await recordChange(tx, actor, { action, targetType: "user", targetId: id }, before, after);
  return { id, ...after };
}

/** Bans the user (for `expiresInDays`, or until unbanned) and signs them out everywhere. */
export async function banUser(
  actor: Actor,
  input: { id: string; reason: string; expiresInDays?: number | null },
) {
  if (input.id === actor.id) throw new AppError("BAD_REQUEST", "You cannot ban yourself.");
  const banExpires = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * DAY_MS) : null;
  return db.$transaction(async (tx) => {
    const before = await lockUser(tx, input.id);
    const result = await updateStanding(tx, actor, "user.ban", input.id, before, {
      banned: true,
      banReason: input.reason,
      banExpires,
    });
    // With no session cookie cache, the user's very next request finds no session; new sign-ins
    // are refused by Better Auth's admin plugin, and the gateway re-checks the ban per request.
    await tx.session.deleteMany({ where: { userId: input.id } });
    return result;
  });
}

export async function unbanUser(actor: Actor, input: { id: string }) {
  return db.$transaction(async (tx) => {
    const before = await lockUser(tx, input.id);
    return updateStanding(tx, actor, "user.unban", input.id, before, {
      banned: false,
      banReason: null,
      banExpires: null,
    });
  });
}

export async function setRole(actor: Actor, input: { id: string; role: "user" | "admin" }) {
  if (input.id === actor.id && input.role !== "admin") {
    throw new AppError("BAD_REQUEST", "You cannot remove your own admin role.");
  }
  return db.$transaction(async (tx) => {
    const { isAnonymous, ...before } = await lockUser(tx, input.id);
    if (isAnonymous && input.role === "admin") {
      throw new AppError("BAD_REQUEST", "An anonymous account cannot be an admin.");
    }
    return updateStanding(tx, actor, "user.role", input.id, before, { role: input.role });
  });
}
