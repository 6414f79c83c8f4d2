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
