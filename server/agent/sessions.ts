import "server-only";
import { AppError } from "../app-error.ts";
import { db } from "../db.ts";
import { env } from "../env.ts";
import type { Prisma } from "../generated/prisma/client.ts";

const TITLE_LENGTH = 60;

/** The caller's own session, touched (now, and the model it uses); someone else's is reported as missing. */
export async function continueAgentSession(
  tx: Prisma.TransactionClient,
  accountId: string,
  sessionId: string,
  model: string,
) {
  const found = await tx.agentSession.updateMany({
    where: { id: sessionId, accountId },
    data: { updatedAt: new Date(), model },
  });
  if (found.count === 0) throw new AppError("NOT_FOUND", "No such session.");
  return sessionId;
}

/**
 * A new session titled after the first user message, counted against the account's daily cap
 * (MAX_SESSIONS_PER_DAY, per UTC day). The count lives apart from the sessions, so deleting
 * analyses does not make room; a transaction that rolls back takes its count back too.
 */
export async function startAgentSession(
  tx: Prisma.TransactionClient,
  accountId: string,
  init: { firstUserText: string; model: string },
) {
  // Raw SQL: an upsert that counts only below the cap, in one statement.
  const counted = await tx.$queryRaw<{ count: number }[]>`
    INSERT INTO session_starts (day, account_id, count)
    VALUES ((now() AT TIME ZONE 'UTC')::date, ${accountId}, 1)
    ON CONFLICT (day, account_id) DO UPDATE SET count = session_starts.count + 1
    WHERE session_starts.count < ${env.MAX_SESSIONS_PER_DAY}::int
    RETURNING count`;
  if (counted.length === 0) {
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `This account has started ${env.MAX_SESSIONS_PER_DAY} analyses today, the most one day allows. ` +
        "Continue one of them, or start a new one after midnight UTC.",
    );
  }
  // Postgres text cannot hold NUL characters.
  const title =
    init.firstUserText.replaceAll("\u0000", "").replace(/\s+/g, " ").trim().slice(0, TITLE_LENGTH) ||
    "New analysis";
  const created = await tx.agentSession.create({
    data: { accountId, title, model: init.model },
    select: { id: true },
  });
  return created.id;
}

export async function renameAgentSession(accountId: string, id: string, title: string) {
  const renamed = await db.agentSession.updateMany({ where: { id, accountId }, data: { title } });
  if (renamed.count === 0) throw new AppError("NOT_FOUND", "No such session.");
}

/** Deletes a session with its messages and cells; its usage rows stay (they are the account's). */
export async function deleteAgentSession(accountId: string, id: string) {
  const deleted = await db.agentSession.deleteMany({ where: { id, accountId } });
  if (deleted.count === 0) throw new AppError("NOT_FOUND", "No such session.");
}
