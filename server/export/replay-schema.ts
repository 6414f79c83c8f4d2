/** What the browser may record of a replay (sessions.recordReplay), checked at the edge. */
import "server-only";
import { z } from "zod";
import { MAX_DIFF_CHARS, MAX_REPLAY_CELLS, type ReplayCell } from "#common/replay-summary.ts";

export const replayCellSchema = z.object({
  cellId: z.uuid(),
  verdict: z.enum(["same", "different", "error"]),
  diff: z.string().max(MAX_DIFF_CHARS).default(""),
}) satisfies z.ZodType<ReplayCell, unknown>;

export const recordReplayInput = z.object({
  id: z.uuid(),
  cells: z.array(replayCellSchema).min(1).max(MAX_REPLAY_CELLS),
});
