"use client";

import type { UsageRow } from "#common/synced-tables.ts";
import styles from "./agent.module.css";

const format = new Intl.NumberFormat("en");

/** What a request costs so far: its reservation while it streams, then its charge. */
export const costOf = (row: Pick<UsageRow, "status" | "reserved" | "charged">) =>
  row.status === "open" ? row.reserved : row.charged;

/** Tokens this run (one message's model calls) has used, shown beside the day's meter. */
export function RunMeter({ rows, active }: { rows: readonly UsageRow[]; active: boolean }) {
  const tokens = rows.reduce((sum, row) => sum + costOf(row), 0);
  return (
    <div className={styles.runMeter} data-testid="run-meter" data-active={active}>
      <span className={styles.runLabel}>{active ? "This run" : "Last run"}</span>
      <span data-testid="run-tokens">{format.format(tokens)}</span> tokens ·{" "}
      {rows.length === 1 ? "1 call" : `${rows.length} calls`}
    </div>
  );
}
