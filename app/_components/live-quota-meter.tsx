"use client";

import type { QuotaRow } from "#common/synced-tables.ts";
import { useSyncedRows } from "../_lib/use-synced-rows.ts";
import { type Quota, QuotaMeter } from "./quota-meter.tsx";

const DAY_MS = 86_400_000;
/** The bucket's window length; buckets use whole days ('1 day', '7 days'). */
const periodMs = (period: string) => Number(/^(\d+) days?$/.exec(period)?.[1] ?? 1) * DAY_MS;

/** The quota meter fed live from `quota_buckets`; until the first rows arrive it shows the server's figures. */
export default function LiveQuotaMeter({ accountId, initial }: { accountId: string; initial: Quota }) {
  const { rows } = useSyncedRows<QuotaRow>("quota_buckets", accountId);
  const row = rows[0];
  if (!row) return <QuotaMeter quota={initial} live={false} />;
  // A window that has passed reads as unused, as the server's own reading does.
  const expired = row.window_start.getTime() + periodMs(row.period) <= Date.now();
  return (
    <QuotaMeter
      live
      quota={{
        tier: row.tier,
        limitTokens: row.limit_tokens,
        usedTokens: expired ? 0 : row.used_tokens,
        windowStart: expired ? new Date() : row.window_start,
      }}
    />
  );
}
