import { db } from "../db.ts";
import { AppError } from "../errors.ts";

const TITLE_LENGTH = 60;

/**
 * The agent session a gateway request belongs to: the caller's own (someone else's is reported
 * as missing), or a new one titled after the first user message.
 */
export async function openAgentSession(
  accountId: string,
  sessionId: string | undefined,
  init: { firstUserText: string; model: string },
) {
  if (sessionId) {
    const found = await db.agentSession.updateMany({
      where: { id: sessionId, accountId },
      data: { updatedAt: new Date(), model: init.model },
    });
    if (found.count === 0) throw new AppError("NOT_FOUND", "No such session.");
    return sessionId;
  }
  const title = init.firstUserText.replace(/\s+/g, " ").trim().slice(0, TITLE_LENGTH) || "New analysis";
  const created = await db.agentSession.create({
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
