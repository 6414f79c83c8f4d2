import styles from "./quota-meter.module.css";

export type Quota = { tier: string; limitTokens: number; usedTokens: number; windowStart: Date };

const format = new Intl.NumberFormat("en");

/** Tokens used in the current daily window against the tier's limit. */
export function QuotaMeter({ quota, live }: { quota: Quota; live: boolean }) {
  const share = quota.limitTokens > 0 ? Math.min(1, quota.usedTokens / quota.limitTokens) : 1;
  const level = share >= 0.9 ? "critical" : share >= 0.7 ? "warning" : "ok";
  return (
    <div className={styles.meter} data-testid="quota-meter" data-level={level} data-live={live}>
      <div className={styles.label}>
        <span data-testid="quota-used">{format.format(quota.usedTokens)}</span>
        {" / "}
        <span data-testid="quota-limit">{format.format(quota.limitTokens)}</span>
        {" tokens today"}
        <span className={styles.tier} data-tone="accent" data-testid="quota-tier">
          {quota.tier}
        </span>
      </div>
      <progress
        className={styles.bar}
        max={quota.limitTokens}
        value={quota.usedTokens}
        aria-label="Tokens used today"
      />
    </div>
  );
}
