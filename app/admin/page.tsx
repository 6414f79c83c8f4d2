import Link from "next/link";
import { api } from "../_trpc/server.ts";
import styles from "./_components/admin.module.css";
import { Table } from "./_components/admin-table.tsx";
import { number } from "./_components/search-params.ts";
import { UsageChart } from "./_components/usage-chart.tsx";

export default async function AdminOverview() {
  const overview = await api.admin.overview();
  const cards = [
    ["Users", overview.users.total],
    ["Signed in", overview.users.signedIn],
    ["Anonymous", overview.users.anonymous],
    ["Active today", overview.activeToday],
    ["Tokens today", overview.tokensToday],
    ["Refused today", overview.refusedToday],
  ] as const;
  return (
    <>
      <h1 className={styles.title}>Overview</h1>
      <div className={styles.cards}>
        {cards.map(([label, value]) => (
          <div key={label} className={styles.card}>
            <div
              className={styles.cardValue}
              data-testid={`stat-${label.toLowerCase().replaceAll(" ", "-")}`}
            >
              {number(value)}
            </div>
            <div className={styles.cardLabel}>{label}</div>
          </div>
        ))}
      </div>
      <section className={styles.section}>
        <h2>Tokens charged, last 30 days (UTC)</h2>
        <UsageChart days={overview.daily} />
      </section>
      <section className={styles.section}>
        <h2>Top accounts today</h2>
        <Table
          rows={overview.topAccounts}
          rowKey={(account) => account.accountId}
          empty="No usage today yet."
          columns={[
            {
              header: "Account",
              cell: (account) => (
                <Link href={`/admin/users/${account.accountId}`}>
                  {account.email ??
                    (account.isAnonymous ? `Anonymous · ${account.accountId.slice(0, 6)}` : account.name)}
                </Link>
              ),
            },
            { header: "Tokens", kind: "number", cell: (account) => number(account.tokens) },
          ]}
        />
      </section>
    </>
  );
}
