/**
 * Writing a settled request: its charge and usage row, with the assistant's turn in the same
 * transaction when the request belongs to a session. The charge never depends on the transcript
 * write, and a settlement the database refuses is tried again in the background.
 */
import "server-only";
import type { Logger } from "pino";
import type { AccumulatedToolCall } from "#common/chunk-accumulator.ts";
import { appendAssistantTurn } from "../agent/transcript.ts";
import { db } from "../db.ts";
import { letGo } from "../quota/heartbeat.ts";
import { type Settlement, settle } from "../quota/reservations.ts";

export type Answer = { sessionId: string; content: string; toolCalls: AccumulatedToolCall[] };

const RETRY_DELAYS_MS = [1_000, 5_000, 15_000];

export async function storeAnswer(settlement: Settlement, answer: Answer | null, log: Logger) {
  if (!answer) {
    await settle(db, settlement);
    return;
  }
  try {
    await db.$transaction(async (tx) => {
      if (!(await settle(tx, settlement))) return;
      await appendAssistantTurn(tx, { usageLogId: settlement.usageLogId, ...answer });
    });
  } catch (transcriptError) {
    // The charge must never depend on the transcript write: settle alone, keep the error.
    log.error({ err: transcriptError, usageLogId: settlement.usageLogId }, "storing the answer failed");
    await settle(db, settlement);
  }
}

/**
 * Tries a failed settlement again (the request itself is over). If every try fails, the row is
 * left open and no longer stamped alive: the sweeper frees its stream slot and charges what the
 * request owed so far.
 */
export async function retryStoring(settlement: Settlement, answer: Answer | null, log: Logger) {
  for (const delay of RETRY_DELAYS_MS) {
    await new Promise((resolve) => setTimeout(resolve, delay).unref());
    try {
      await storeAnswer(settlement, answer, log);
      break;
    } catch (error) {
      log.error({ err: error, usageLogId: settlement.usageLogId }, "settlement retry failed");
    }
  }
  letGo(settlement.usageLogId);
}
