/** Rows that tests need and no public flow creates directly (test code). */
import { db } from "../db.ts";

/** A session holding one assistant message with one pending `python_run` cell. */
export async function createSessionWithCell(accountId: string, title = "Iris") {
  const session = await db.agentSession.create({ data: { accountId, title } });
  const message = await db.agentMessage.create({
    data: { sessionId: session.id, accountId, role: "assistant", content: "Let me look.", seq: 1 },
  });
  const cell = await db.agentToolCall.create({
    data: {
      sessionId: session.id,
      messageId: message.id,
      accountId,
      callId: "call_1",
      name: "python_run",
      proposedCode: "print(sum(range(10)))",
    },
  });
  return { session, message, cell };
}
