/**
 * Feeds the change log from Postgres's logical replication stream: one temporary slot per app
 * process on the `ada_sync` publication (pgoutput), so writes to the synced tables cost nothing
 * beyond the WAL they already make — no triggers, no NOTIFY. The slot goes with its connection;
 * when the connection breaks, the log restarts from a new slot and clients behind it refetch.
 * Values arrive as Postgres text in Electric's display settings (set on the replication session).
 */
import "server-only";
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { LogicalReplicationService, type Pgoutput, PgoutputPlugin } from "pg-logical-replication";
import type { SyncedTable } from "#common/synced-tables.ts";
import { replicationConfig } from "../../db.ts";
import { env } from "../../env.ts";
import { logger } from "../../logger.ts";
import { isSyncedTable, syncedShapes } from "../shapes.ts";
import { ChangeLog, type NewChange, type Row } from "./change-log.ts";

const PUBLICATION = "ada_sync";
/** Memory the history may take: past it the oldest changes go, and clients that far behind refetch. */
const MAX_LOG_BYTES = 64 * 2 ** 20;
const RETRY_MS = 1_000;

/** `16/B374D848` as a number, so offsets compare and print as Electric's do. */
const lsnNumber = (lsn: string) => {
  const [high = "0", low = "0"] = lsn.split("/");
  return (BigInt(`0x${high}`) << 32n) | BigInt(`0x${low}`);
};
const lsnText = (lsn: bigint) =>
  `${(lsn >> 32n).toString(16)}/${(lsn & 0xffffffffn).toString(16)}`.toUpperCase();

/** pgoutput with values left as the text Postgres sent, and a temporary slot made on the same session. */
class TextPgoutput extends PgoutputPlugin {
  constructor(private readonly onSlot: (consistentPoint: string) => void) {
    super({ protoVersion: 1, publicationNames: [PUBLICATION] });
  }

  override parse(buffer: Buffer) {
    const message = super.parse(buffer);
    // Relation messages precede the rows that use them: from here on their columns stay text.
    if (message.tag === "relation") for (const column of message.columns) column.parser = (raw) => raw;
    return message;
  }

  override async start(client: pg.Client, slotName: string) {
    const created = await client.query<{ consistent_point: string }>(
      `CREATE_REPLICATION_SLOT "${slotName}" TEMPORARY LOGICAL pgoutput (SNAPSHOT 'nothing')`,
    );
    const point = created.rows[0]?.consistent_point ?? "0/0";
    this.onSlot(point);
    return super.start(client, slotName, point);
  }
}

const synced = (table: SyncedTable, tuple: Record<string, unknown>) => {
  const value: Row = {};
  for (const column of syncedShapes[table]) {
    const text = tuple[column];
    if (text !== undefined) value[column] = text === null ? null : String(text);
  }
  return value;
};

/** The shape changes one decoded row change makes (a row moved to another account: two). */
function shapeChanges(message: Pgoutput.Message): NewChange[] {
  if (message.tag !== "insert" && message.tag !== "update" && message.tag !== "delete") return [];
  const table = message.relation.name;
  if (message.relation.schema !== "public" || !isSyncedTable(table)) return [];
  const after = message.tag === "delete" ? null : (message.new as Record<string, unknown>);
  // REPLICA IDENTITY FULL: updates and deletes carry the old row, so its account is known.
  const before = message.tag === "insert" ? null : (message.old ?? message.key);
  const gone = (row: Record<string, unknown>): NewChange => ({
    table,
    accountId: String(row.account_id),
    operation: "delete",
    value: { id: String(row.id) },
  });
  if (!after) return before ? [gone(before)] : [];
  const accountId = String(after.account_id);
  if (message.tag === "update" && before && String(before.account_id) !== accountId) {
    return [gone(before), { table, accountId, operation: "insert", value: synced(table, after) }];
  }
  return [{ table, accountId, operation: message.tag, value: synced(table, after) }];
}

let current: { log: Promise<ChangeLog>; service: LogicalReplicationService } | undefined;

/** The process's change log, its replication stream started on first use. */
export function changeLog(): Promise<ChangeLog> {
  current ??= startStream();
  return current.log;
}

/** A replication stream into a new change log; `database` is the app's own unless a test names another. */
export function startStream(database: pg.ClientConfig = replicationConfig()) {
  const service = new LogicalReplicationService(database, {
    acknowledge: { auto: false, timeoutSeconds: 10 },
  });
  let log: ChangeLog | undefined;
  let pending: NewChange[] = [];
  const log$ = new Promise<ChangeLog>((resolve, reject) => {
    const plugin = new TextPgoutput((point) => {
      log = new ChangeLog(
        { lsn: lsnNumber(point), op: 0 },
        { maxBytes: MAX_LOG_BYTES, maxAgeMs: env.SYNC_RETENTION_MINUTES * 60_000 },
      );
      resolve(log);
    });
    service.on("data", (_lsn: string, message: Pgoutput.Message) => {
      if (message.tag === "begin") pending = [];
      else if (message.tag === "commit") {
        log?.commit(lsnNumber(message.commitLsn ?? "0/0"), pending);
        pending = [];
      } else pending.push(...shapeChanges(message));
    });
    const slot = `ada_sync_${process.pid}_${randomBytes(4).toString("hex")}`;
    service.subscribe(plugin, slot).then(
      () => restart("the replication stream ended"),
      (error: unknown) => {
        reject(error);
        restart(error);
      },
    );
  });
  const entry = { log: log$, service };
  // A stream that ends or fails is replaced (a new slot, a new log) on the next request.
  const restart = (reason: unknown) => {
    if (current !== entry) return;
    logger.error({ err: reason }, "sync replication stream stopped; restarting");
    current = undefined;
    log?.close();
    void service.destroy();
    setTimeout(() => void changeLog().catch(() => {}), RETRY_MS).unref();
  };
  service.on("error", restart);
  // Postgres asks for a reply when it must know how far this client got: a fast shutdown waits
  // until the client confirms exactly the last position sent (its walsender spinning a core
  // meanwhile). The slot is temporary, so seen is done. `acknowledge` reports the position + 1.
  service.on("heartbeat", (lsn: string, _time: number, shouldRespond: boolean) => {
    if (shouldRespond) service.acknowledge(lsnText(lsnNumber(lsn) - 1n)).catch(() => {});
  });
  // A log that never started is not kept: the next request tries again.
  log$.catch(() => {});
  return entry;
}
