/**
 * The stored transcript of an agent session (agent_messages + agent_tool_calls). Writers lock the
 * session row so concurrent requests in one session number their messages without collisions.
 */
import { db } from "../db.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { AccumulatedToolCall } from "../inference/chunk-accumulator.ts";
import { type ChatMessage, contentText } from "../inference/openai-schema.ts";

async function lockSession(tx: Prisma.TransactionClient, sessionId: string) {
  await tx.$executeRaw`SELECT 1 FROM agent_sessions WHERE id = ${sessionId}::uuid FOR UPDATE`;
  const last = await tx.agentMessage.findFirst({
    where: { sessionId },
    orderBy: { seq: "desc" },
    select: { seq: true },
  });
  return last?.seq ?? 0;
}

/**
 * Stores the request's new turn: the user and tool messages after the conversation's last
 * assistant message that the session does not hold yet (a retried request adds nothing).
 */
export async function appendUserTurn(sessionId: string, accountId: string, messages: ChatMessage[]) {
  const lastAssistant = messages.findLastIndex((m) => m.role === "assistant");
  const turn = messages
    .slice(lastAssistant + 1)
    .filter(
      (m): m is Extract<ChatMessage, { role: "user" | "tool" }> => m.role === "user" || m.role === "tool",
    );
  if (turn.length === 0) return;
  await db.$transaction(async (tx) => {
    let seq = await lockSession(tx, sessionId);
    const storedLastAssistant = await tx.agentMessage.findFirst({
      where: { sessionId, role: "assistant" },
      orderBy: { seq: "desc" },
      select: { seq: true },
    });
    const alreadyStored = await tx.agentMessage.count({
      where: { sessionId, seq: { gt: storedLastAssistant?.seq ?? 0 } },
    });
    const fresh = turn.slice(alreadyStored);
    if (fresh.length === 0) return;
    await tx.agentMessage.createMany({
      data: fresh.map((message) => ({
        sessionId,
        accountId,
        role: message.role,
        content: contentText(message.content),
        toolCallId: message.role === "tool" ? message.tool_call_id : null,
        seq: ++seq,
      })),
    });
  });
}

/** The code a `python_run` call proposes; other tools keep their raw arguments. */
function proposedCode(call: AccumulatedToolCall) {
  try {
    const args = JSON.parse(call.arguments) as { code?: unknown };
    if (typeof args.code === "string") return args.code;
  } catch {
    // Arguments cut off mid-stream are kept as they are.
  }
  return call.arguments;
}

/** Stores the model's answer and its tool calls (as pending cells), inside the settlement transaction. */
export async function appendAssistantTurn(
  tx: Prisma.TransactionClient,
  turn: {
    sessionId: string;
    accountId: string;
    usageLogId: string;
    content: string;
    toolCalls: AccumulatedToolCall[];
  },
) {
  if (!turn.content && turn.toolCalls.length === 0) return;
  const seq = (await lockSession(tx, turn.sessionId)) + 1;
  const message = await tx.agentMessage.create({
    data: {
      sessionId: turn.sessionId,
      accountId: turn.accountId,
      role: "assistant",
      content: turn.content || null,
      seq,
      usageLogId: turn.usageLogId,
    },
    select: { id: true },
  });
  if (turn.toolCalls.length === 0) return;
  await tx.agentToolCall.createMany({
    data: turn.toolCalls.map((call) => ({
      sessionId: turn.sessionId,
      messageId: message.id,
      accountId: turn.accountId,
      callId: call.id,
      name: call.name,
      proposedCode: proposedCode(call),
    })),
    skipDuplicates: true,
  });
}
