/**
 * The browser route's writes for one request, all or nothing: the quota reservation, then the
 * session (the caller's own, or a new one within the daily cap) and the user's new turn (within
 * the account's storage). Any refusal rolls back the others, so a refused request writes nothing.
 */

import "server-only";
import type { ChatMessage } from "#common/chat-schema.ts";
import { db } from "../db.ts";
import { type Refusal, type Reservation, type ReservationRequest, reserve } from "../quota/reservations.ts";
import { continueAgentSession, startAgentSession } from "./sessions.ts";
import { appendUserTurn } from "./transcript.ts";

type Turn = {
  /** The session to continue; none starts a new one. */
  sessionId: string | undefined;
  messages: ChatMessage[];
  /** The new session's title comes from it. */
  firstUserText: string;
};

type ReservedTurn =
  | { reservation: Reservation; sessionId: string }
  | { reservation: Refusal; sessionId: null };

export function reserveTurn(want: Omit<ReservationRequest, "sessionId">, turn: Turn): Promise<ReservedTurn> {
  const { accountId, model } = want;
  return db.$transaction(async (tx) => {
    // The quota bucket is locked before the session, the order in which settlement takes them;
    // the usage row learns its session once the session is known to be the caller's.
    const reservation = await reserve({ ...want, sessionId: null }, tx);
    if (!("usageLogId" in reservation)) return { reservation, sessionId: null };
    const sessionId = turn.sessionId
      ? await continueAgentSession(tx, accountId, turn.sessionId, model)
      : await startAgentSession(tx, accountId, { firstUserText: turn.firstUserText, model });
    await tx.usageLog.update({ where: { id: reservation.usageLogId }, data: { sessionId } });
    await appendUserTurn(tx, sessionId, turn.messages);
    return { reservation, sessionId };
  });
}
