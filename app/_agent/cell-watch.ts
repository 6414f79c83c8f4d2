/**
 * Lets the loop wait on synced cells: the UI feeds every update of the tool-call rows in, and a
 * waiter resolves once all the cells it names exist and are resolved (on this tab or any other).
 */
import { isResolved, type ToolCallRow } from "#common/synced-tables.ts";

export class CellWatch {
  private cells: ToolCallRow[] = [];
  private readonly waiters = new Set<() => void>();

  update(cells: ToolCallRow[]) {
    this.cells = cells;
    for (const check of [...this.waiters]) check();
  }

  waitFor(sessionId: string, callIds: string[], signal?: AbortSignal): Promise<ToolCallRow[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = callIds.map((callId) =>
          this.cells.find((cell) => cell.session_id === sessionId && cell.call_id === callId),
        );
        if (found.every((cell) => cell && isResolved(cell))) {
          done();
          resolve(found as ToolCallRow[]);
        }
      };
      const abort = () => {
        done();
        reject(signal?.reason ?? new DOMException("Aborted", "AbortError"));
      };
      const done = () => {
        this.waiters.delete(check);
        signal?.removeEventListener("abort", abort);
      };
      if (signal?.aborted) return abort();
      signal?.addEventListener("abort", abort);
      this.waiters.add(check);
      check();
    });
  }
}
