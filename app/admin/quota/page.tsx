import Link from "next/link";
import { api } from "../../_trpc/server.ts";
import styles from "../_components/admin.module.css";
import { Pagination } from "../_components/pagination.tsx";
import { number, readParams, type SearchParams, when } from "../_components/search-params.ts";
import { BucketControls } from "./bucket-controls.tsx";

const PAGE_SIZE = 25;

export default async function AdminQuota({ searchParams }: { searchParams: SearchParams }) {
  const { params, page } = await readParams(searchParams);
  const buckets = await api.admin.quota.list({ query: params.q || undefined, page, pageSize: PAGE_SIZE });
  return (
    <>
      <h1 className={styles.title}>Quota</h1>
      <form className={styles.filters}>
        <label>
          Search
          <input name="q" defaultValue={params.q} placeholder="email, name or account id" />
        </label>
        <button type="submit">Search</button>
      </form>
      <div className={styles.tableWrap}>
        {buckets.items.length === 0 ? (
          <p className={styles.empty}>No buckets match.</p>
        ) : (
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Account</th>
                <th className={styles.num}>Used</th>
                <th>Window</th>
                <th>Tier and limit</th>
              </tr>
            </thead>
            <tbody>
              {buckets.items.map((bucket) => (
                <tr key={bucket.accountId} data-testid="bucket">
                  <td>
                    <Link href={`/admin/users/${bucket.accountId}`}>
                      {bucket.email ?? (bucket.isAnonymous ? "Anonymous" : bucket.name)}
                    </Link>
                    <div className={`${styles.mono} ${styles.muted}`}>{bucket.accountId}</div>
                  </td>
                  <td className={styles.num}>{number(bucket.usedTokens)}</td>
                  <td>
                    {when(bucket.windowStart)} · {bucket.period}
                  </td>
                  <td>
                    <BucketControls
                      accountId={bucket.accountId}
                      tier={bucket.tier}
                      limitTokens={bucket.limitTokens}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <Pagination
        page={buckets.page}
        pageSize={buckets.pageSize}
        total={buckets.total}
        params={{ q: params.q }}
      />
    </>
  );
}
