/**
 * The embedded shape endpoint's recent history: every change to a synced table, as the
 * replication stream delivered it (replication.ts), kept in memory in commit order and indexed by
 * shape (`<table>:<account>`). Offsets are Electric's `<lsn>_<op>`: the transaction's commit LSN and
 * the change's place in it. History is bounded by age and by bytes; a client whose offset is older
 * than what is kept (`floor`) refetches its shape.
 */
import "server-only";
import type { SyncedTable } from "#common/synced-tables.ts";

export type Offset = { lsn: bigint; op: number };
export type Row = Record<string, string | null>;
export type Change = {
  offset: Offset;
  table: SyncedTable;
  accountId: string;
  operation: "insert" | "update" | "delete";
  /** The row's synced columns as Postgres text (a delete: its id). */
  value: Row;
  bytes: number;
  at: number;
};
/** A change as the replication stream hands it over, before it has an offset. */
export type NewChange = Omit<Change, "offset" | "bytes" | "at">;

export const compareOffsets = (a: Offset, b: Offset) =>
  a.lsn === b.lsn ? a.op - b.op : a.lsn < b.lsn ? -1 : 1;
export const offsetText = (offset: Offset) => `${offset.lsn}_${offset.op}`;
export const shapeKey = (table: SyncedTable, accountId: string) => `${table}:${accountId}`;

/**
 * How far back a snapshot resumes (see `resumePoint`). The gap it covers is the committing backend's
 * few instructions between flushing its commit record and showing the transaction as committed,
 * stretched only by the scheduler; each millisecond more re-sends every change of that moment.
 */
const RESUME_MARGIN_MS = 200;
/** Framing and bookkeeping a change costs beyond its values. */
const CHANGE_OVERHEAD_BYTES = 200;

type Limits = { maxBytes: number; maxAgeMs: number };

export class ChangeLog {
  /** Every retained change, oldest first (the eviction order). */
  private readonly all: Change[] = [];
  private allStart = 0;
  private readonly byShape = new Map<string, Change[]>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private bytes = 0;
  /** Where the stream stood recently, for snapshots to resume from (see `resumePoint`). */
  private readonly heads: { at: number; head: Offset }[] = [];
  /** Offsets below this point into history that is no longer kept. */
  floor: Offset;
  /** The last position the stream has delivered (changes or not). */
  head: Offset;

  constructor(
    start: Offset,
    private readonly limits: Limits,
  ) {
    this.floor = start;
    this.head = start;
  }

  /** One committed transaction's changes, in order; wakes the shapes they touch. */
  commit(lsn: bigint, changes: NewChange[], now = Date.now()) {
    const touched = new Set<string>();
    changes.forEach((change, op) => {
      let bytes = CHANGE_OVERHEAD_BYTES;
      for (const value of Object.values(change.value)) bytes += value?.length ?? 0;
      const entry: Change = { ...change, offset: { lsn, op }, bytes, at: now };
      const key = shapeKey(change.table, change.accountId);
      const list = this.byShape.get(key);
      if (list) list.push(entry);
      else this.byShape.set(key, [entry]);
      this.all.push(entry);
      this.bytes += bytes;
      touched.add(key);
    });
    if (lsn > this.head.lsn) this.head = { lsn, op: Math.max(0, changes.length - 1) };
    this.heads.push({ at: now, head: this.head });
    // Keep the newest head that is older than the margin, and those after it.
    while ((this.heads[1]?.at ?? now) <= now - RESUME_MARGIN_MS) this.heads.shift();
    this.evict(now);
    for (const key of touched) this.wake(key);
  }

  /** The stream moved past `lsn` without changes to synced tables. */
  advance(lsn: bigint) {
    if (lsn > this.head.lsn) this.head = { lsn, op: 0 };
  }

  /** Drops what is past the limits (or, with `olderThanMs`, everything older than that). */
  evict(now = Date.now(), olderThanMs = this.limits.maxAgeMs) {
    while (this.allStart < this.all.length) {
      const oldest = this.all[this.allStart];
      if (!oldest) break;
      const over = this.bytes > this.limits.maxBytes || oldest.at <= now - olderThanMs;
      if (!over) break;
      this.allStart++;
      this.bytes -= oldest.bytes;
      this.floor = oldest.offset;
      const key = shapeKey(oldest.table, oldest.accountId);
      const list = this.byShape.get(key);
      list?.shift();
      if (list?.length === 0) this.byShape.delete(key);
    }
    // Compact the eviction queue once most of it is spent.
    if (this.allStart > 1024 && this.allStart * 2 > this.all.length) {
      this.all.splice(0, this.allStart);
      this.allStart = 0;
    }
  }

  /**
   * Where a snapshot read from now on continues in the log: the head as it stood RESUME_MARGIN_MS
   * ago. A transaction the snapshot cannot see commits after the snapshot starts, but its commit
   * record can be decoded here a moment before Postgres shows it as committed; resuming from a
   * moment earlier covers that. Changes the snapshot already holds are sent again, harmlessly: each
   * carries the row's values, in order, so the client ends where the database is.
   */
  resumePoint(now = Date.now()): Offset {
    return this.heads.findLast((entry) => entry.at <= now - RESUME_MARGIN_MS)?.head ?? this.floor;
  }

  /** Whether history from `offset` on is still complete here. */
  covers(offset: Offset) {
    return compareOffsets(offset, this.floor) >= 0;
  }

  /** The shape's changes after `offset`, oldest first, as many as `fits` accepts. */
  changesAfter(key: string, offset: Offset, fits: (sizes: number[]) => number) {
    const list = this.byShape.get(key) ?? [];
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (compareOffsets((list[mid] as Change).offset, offset) <= 0) low = mid + 1;
      else high = mid;
    }
    const after = list.slice(low, low + 1_000);
    const kept = fits(after.map((change) => change.bytes));
    return { changes: after.slice(0, kept), more: low + kept < list.length };
  }

  /** Resolves at the shape's next change; `cancel` when no longer waiting. */
  subscribe(key: string) {
    let wake = () => {};
    const changed = new Promise<void>((resolve) => {
      wake = resolve;
    });
    const set = this.waiters.get(key) ?? new Set();
    set.add(wake);
    this.waiters.set(key, set);
    const cancel = () => {
      set.delete(wake);
      if (set.size === 0 && this.waiters.get(key) === set) this.waiters.delete(key);
    };
    return { changed, cancel };
  }

  /** The log is replaced (the stream restarted): every waiting request answers now. */
  close() {
    for (const key of [...this.waiters.keys()]) this.wake(key);
  }

  private wake(key: string) {
    const set = this.waiters.get(key);
    if (!set) return;
    this.waiters.delete(key);
    for (const wake of set) wake();
  }

  get size() {
    return { changes: this.all.length - this.allStart, bytes: this.bytes };
  }
}
