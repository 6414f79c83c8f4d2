/** Agent sessions across accounts, and a session's transcript with its cells (read-only). */
import "server-only";
import { z } from "zod";
import { AppError } from "../app-error.ts";
import { db } from "../db.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { containing, emailOf, ownerFields, type PageRequest, paged, skipTake } from "./listing.ts";

const sessionFields = {
  id: true,
  accountId: true,
  title: true,
  model: true,
  createdAt: true,
  updatedAt: true,
  account: { select: ownerFields },
} as const;

/** Most recently active first; `query` matches the title, the owner's email, or the session id. */
export async function listAgentSessions(request: PageRequest & { accountId?: string; query?: string }) {
  const { query, accountId } = request;
  const matches: Prisma.AgentSessionWhereInput[] = query
    ? [
        { title: containing(query) },
        { account: { email: containing(query) } },
        // ids are uuids: anything else would be a database error, not a miss
        ...(z.uuid().safeParse(query).success ? [{ id: query }] : []),
      ]
    : [];
  const where: Prisma.AgentSessionWhereInput = { accountId, ...(matches.length ? { OR: matches } : {}) };
  const [sessions, total] = await Promise.all([
    db.agentSession.findMany({
      where,
      select: { ...sessionFields, _count: { select: { messages: true, toolCalls: true } } },
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      ...skipTake(request),
    }),
    db.agentSession.count({ where }),
  ]);
  const items = sessions.map(({ account, _count, ...session }) => ({
    ...session,
    email: emailOf(account),
    messages: _count.messages,
    cells: _count.toolCalls,
  }));
  return paged(items, total, request);
}

export async function getTranscript(sessionId: string) {
  const found = await db.agentSession.findUnique({
    where: { id: sessionId },
    select: {
      ...sessionFields,
      messages: {
        select: { id: true, role: true, content: true, toolCallId: true, seq: true, createdAt: true },
        orderBy: { seq: "asc" },
      },
      toolCalls: {
        select: {
          id: true,
          messageId: true,
          callId: true,
          name: true,
          proposedCode: true,
          executedCode: true,
          status: true,
          stdout: true,
          stderr: true,
          outputs: true,
          createdAt: true,
          completedAt: true,
        },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      },
    },
  });
  if (!found) throw new AppError("NOT_FOUND", "No such session.");
  const { account, messages, toolCalls, ...session } = found;
  return { session: { ...session, email: emailOf(account) }, messages, cells: toolCalls };
}
