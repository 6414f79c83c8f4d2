/**
 * Auto-fix, bounded and visible: after a cell fails, the model sees the traceback and may propose
 * a corrected cell, shown as "Fix n of N". Fixes are counted from the synced rows, so a reload or
 * another tab labels them the same; a user message starts the count again. When the last fix
 * fails too, the agent stops and says why instead of trying forever.
 */
import type { MessageRow, ToolCallRow } from "#common/synced-tables.ts";

/** Fixes the agent may try in a row, unless `AGENT_MAX_FIXES` says otherwise. */
export const DEFAULT_MAX_FIXES = 2;

/** The session's cells since the user's last message before each one, grouped per user turn. */
function turns(messages: readonly MessageRow[], cells: readonly ToolCallRow[]) {
  const seqOf = new Map(messages.map((message) => [message.id, message.seq]));
  const userSeqs = messages
    .filter((message) => message.role === "user")
    .map((message) => message.seq)
    .sort((a, b) => a - b);
  const turnOf = (cell: ToolCallRow) => {
    const seq = seqOf.get(cell.message_id) ?? 0;
    return userSeqs.filter((userSeq) => userSeq < seq).length;
  };
  const ordered = [...cells].sort(
    (a, b) =>
      (seqOf.get(a.message_id) ?? 0) - (seqOf.get(b.message_id) ?? 0) ||
      a.created_at.getTime() - b.created_at.getTime() ||
      a.call_id.localeCompare(b.call_id),
  );
  const grouped = new Map<number, ToolCallRow[]>();
  for (const cell of ordered) grouped.set(turnOf(cell), [...(grouped.get(turnOf(cell)) ?? []), cell]);
  return [...grouped.values()];
}

/** Cell id → its fix number (1 for the first cell proposed after a failure), for cells that are fixes. */
export function fixNumbers(messages: readonly MessageRow[], cells: readonly ToolCallRow[]) {
  const numbers = new Map<string, number>();
  for (const turn of turns(messages, cells)) {
    let failed = 0;
    for (const cell of turn) {
      if (failed > 0) numbers.set(cell.id, failed);
      failed = cell.status === "error" ? failed + 1 : 0;
    }
  }
  return numbers;
}

/**
 * Why the agent must stop, when the cells of the current turn ended in a failed original and
 * `maxFixes` failed fixes after it; null while it may go on.
 */
export function fixesExhausted(
  messages: readonly MessageRow[],
  cells: readonly ToolCallRow[],
  maxFixes: number,
): string | null {
  const current = turns(messages, cells).at(-1) ?? [];
  let failed = 0;
  for (const cell of current) failed = cell.status === "error" ? failed + 1 : 0;
  if (failed <= maxFixes) return null;
  if (maxFixes === 0)
    return "Stopped: the cell failed, and automatic fixes are off. Edit it and run it yourself.";
  const tries = maxFixes === 1 ? "1 fix" : `${maxFixes} fixes`;
  return `Stopped: the code still fails after ${tries}. Edit the last cell and run it yourself, or send a message with what to try next.`;
}
