/**
 * The stored transcript of an agent session (agent_messages + agent_tool_calls). Writers lock the
 * session row so concurrent requests in one session number their messages without collisions.
 * Every row records its size (`stored_bytes`), counted against the account's storage.
 */

import "server-only";
import { type ChatMessage, contentText } from "#common/chat-schema.ts";
import type { AccumulatedToolCall } from "#common/chunk-accumulator.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { claimStorage, utf8Bytes } from "./storage.ts";

/**
 * Locks the session and returns its last message number and its owner now (a sign-in may have
 * moved it to another account while a request was streaming).
 */
async function lockSession(tx: Prisma.TransactionClient, sessionId: string) {
  const [session] = await tx.$queryRaw<{ account_id: string }[]>`
    SELECT account_id FROM agent_sessions WHERE id = ${sessionId}::uuid FOR UPDATE`;
  const last = await tx.agentMessage.findFirst({
    where: { sessionId },
    orderBy: { seq: "desc" },
    select: { seq: true },
  });
  return { seq: last?.seq ?? 0, accountId: session?.account_id };
}

/** Postgres text cannot hold NUL characters; model output and user input may contain them. */
const storable = (text: string) => text.replaceAll("\u0000", "");

type TurnMessage = Extract<ChatMessage, { role: "user" | "tool" }>;
const isTurnMessage = (m: ChatMessage): m is TurnMessage => m.role === "user" || m.role === "tool";

/**
 * Stores what the request adds to the session, inside the caller's transaction (the gateway's,
 * which holds the request's reservation). The browser sends the whole conversation, so the
 * messages past the stored count are new; a retried or regenerated request adds nothing, and a
 * shortened history still gets its new last message stored once. Tool results are stored once
 * per tool call. New messages need room in the account's storage (413 otherwise).
 */
export async function appendUserTurn(
  tx: Prisma.TransactionClient,
  sessionId: string,
  messages: ChatMessage[],
) {
  const conversation = messages.filter((m) => m.role !== "system" && m.role !== "developer");
  const locked = await lockSession(tx, sessionId);
  const accountId = locked.accountId;
  if (!accountId) return;
  let seq = locked.seq;
  // Summaries (role system) are the server's own rows: the browser's conversation leaves them out.
  const stored = await tx.agentMessage.count({ where: { sessionId, role: { not: "system" } } });
  let fresh = conversation.slice(stored).filter(isTurnMessage);
  const last = conversation.at(-1);
  if (fresh.length === 0 && last && isTurnMessage(last)) {
    const lastStoredUser = await tx.agentMessage.findFirst({
      where: { sessionId, role: "user" },
      orderBy: { seq: "desc" },
      select: { content: true },
    });
    if (last.role === "tool" || lastStoredUser?.content !== storable(contentText(last.content))) {
      fresh = [last];
    }
  }
  const toolCallIds = fresh.flatMap((m) => (m.role === "tool" ? [storable(m.tool_call_id)] : []));
  const storedResults = new Set(
    toolCallIds.length
      ? (
          await tx.agentMessage.findMany({
            where: { sessionId, toolCallId: { in: toolCallIds } },
            select: { toolCallId: true },
          })
        ).map((m) => m.toolCallId)
      : [],
  );
  fresh = fresh.filter((m) => m.role !== "tool" || !storedResults.has(storable(m.tool_call_id)));
  if (fresh.length === 0) return;
  const rows = fresh.map((message) => {
    const content = storable(contentText(message.content));
    const toolCallId = message.role === "tool" ? storable(message.tool_call_id) : null;
    return {
      sessionId,
      accountId,
      role: message.role,
      content,
      toolCallId,
      seq: ++seq,
      storedBytes: utf8Bytes(content, toolCallId),
    };
  });
  await claimStorage(
    tx,
    accountId,
    rows.reduce((sum, row) => sum + row.storedBytes, 0),
    "message",
  );
  await tx.agentMessage.createMany({ data: rows });
}

/**
 * Stores the summary of the session's first `summarizedTurns` user turns (a compaction) after its
 * last message. Paid for already, like an answer, so stored without a storage check.
 */
export async function appendSummary(
  tx: Prisma.TransactionClient,
  summary: { sessionId: string; accountId: string; content: string; summarizedTurns: number },
) {
  const { seq, accountId } = await lockSession(tx, summary.sessionId);
  if (accountId !== summary.accountId) return;
  const content = storable(summary.content);
  await tx.agentMessage.create({
    data: {
      sessionId: summary.sessionId,
      accountId,
      role: "system",
      content,
      seq: seq + 1,
      summarizedTurns: summary.summarizedTurns,
      storedBytes: utf8Bytes(content),
    },
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
  turn: { sessionId: string; usageLogId: string; content: string; toolCalls: AccumulatedToolCall[] },
) {
  if (!turn.content && turn.toolCalls.length === 0) return;
  const { seq: last, accountId } = await lockSession(tx, turn.sessionId);
  if (!accountId) return;
  const seq = last + 1;
  // Paid for already, so stored without a storage check: an answer is bounded by its output
  // cap, and a full account's next turn is refused.
  const content = storable(turn.content) || null;
  const message = await tx.agentMessage.create({
    data: {
      sessionId: turn.sessionId,
      accountId,
      role: "assistant",
      content,
      seq,
      usageLogId: turn.usageLogId,
      storedBytes: utf8Bytes(content),
    },
    select: { id: true },
  });
  if (turn.toolCalls.length === 0) return;
  await tx.agentToolCall.createMany({
    data: turn.toolCalls.map((call) => {
      const cell = {
        callId: storable(call.id),
        name: storable(call.name),
        proposedCode: storable(proposedCode(call)),
      };
      return {
        sessionId: turn.sessionId,
        messageId: message.id,
        accountId,
        ...cell,
        storedBytes: utf8Bytes(cell.callId, cell.name, cell.proposedCode),
      };
    }),
    skipDuplicates: true,
  });
}
