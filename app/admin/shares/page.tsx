import Link from "next/link";
import { api } from "../../_trpc/server.ts";
import styles from "../_components/admin.module.css";
import { AdminTable, search } from "../_components/admin-table.tsx";
import { readParams, type SearchParams, when } from "../_components/search-params.ts";
import { RevokeShare } from "./revoke-share.tsx";

const PAGE_SIZE = 25;

/** Every read-only link (`/s/<token>`): whose analysis it opens, and revoke (audited). */
export default async function AdminShares({ searchParams }: { searchParams: SearchParams }) {
  const { params, page } = await readParams(searchParams);
  const shares = await api.admin.shares.list({ query: params.q || undefined, page, pageSize: PAGE_SIZE });
  return (
    <AdminTable
      title="Shares"
      filters={search("title, owner or session id")}
      params={params}
      list={shares}
      rowKey={(share) => share.id}
      empty="No links match."
      columns={[
        { header: "Link", kind: "mono", cell: (share) => `/s/${share.prefix}…` },
        {
          header: "Analysis",
          cell: (share) => <Link href={`/admin/agent/${share.sessionId}`}>{share.sessionTitle}</Link>,
        },
        {
          header: "Owner",
          cell: (share) => (
            <Link href={`/admin/users/${share.ownerId}`}>
              {share.ownerEmail ?? `anonymous ${share.ownerId.slice(0, 8)}`}
            </Link>
          ),
        },
        { header: "Created", cell: (share) => when(share.createdAt) },
        {
          header: "",
          cell: (share) =>
            share.revokedAt ? (
              <span className={styles.badge} data-tone="critical">
                revoked {when(share.revokedAt)}
              </span>
            ) : (
              <RevokeShare id={share.id} prefix={share.prefix} />
            ),
        },
      ]}
    />
  );
}
