import Link from "next/link";
import { api } from "../../_trpc/server.ts";
import styles from "../_components/admin.module.css";
import { AdminTable, search } from "../_components/admin-table.tsx";
import { number, readParams, type SearchParams, when } from "../_components/search-params.ts";
import { BucketControls } from "./bucket-controls.tsx";

const PAGE_SIZE = 25;

export default async function AdminQuota({ searchParams }: { searchParams: SearchParams }) {
  const { params, page } = await readParams(searchParams);
  const buckets = await api.admin.quota.list({ query: params.q || undefined, page, pageSize: PAGE_SIZE });
  return (
    <AdminTable
      title="Quota"
      filters={search("email, name or account id")}
      params={params}
      list={buckets}
      rowKey={(bucket) => bucket.accountId}
      rowTestId="bucket"
      empty="No buckets match."
      columns={[
        {
          header: "Account",
          cell: (bucket) => (
            <>
              <Link href={`/admin/users/${bucket.accountId}`}>
                {bucket.email ?? (bucket.isAnonymous ? "Anonymous" : bucket.name)}
              </Link>
              <div className={`${styles.mono} ${styles.muted}`}>{bucket.accountId}</div>
            </>
          ),
        },
        { header: "Used", kind: "number", cell: (bucket) => number(bucket.usedTokens) },
        { header: "Window", cell: (bucket) => `${when(bucket.windowStart)} · ${bucket.period}` },
        {
          header: "Tier and limit",
          cell: (bucket) => (
            <BucketControls
              accountId={bucket.accountId}
              tier={bucket.tier}
              limitTokens={bucket.limitTokens}
            />
          ),
        },
      ]}
    />
  );
}
