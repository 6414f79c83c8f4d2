import Link from "next/link";
import { api } from "../../_trpc/server.ts";
import styles from "../_components/admin.module.css";
import { AdminTable, search } from "../_components/admin-table.tsx";
import { readParams, type SearchParams, when } from "../_components/search-params.ts";
import { RevokeKey } from "./revoke-key.tsx";

const PAGE_SIZE = 25;

export default async function AdminKeys({ searchParams }: { searchParams: SearchParams }) {
  const { params, page } = await readParams(searchParams);
  const keys = await api.admin.keys.list({ query: params.q || undefined, page, pageSize: PAGE_SIZE });
  return (
    <AdminTable
      title="Keys"
      filters={search("prefix, name or owner")}
      params={params}
      list={keys}
      rowKey={(key) => key.id}
      empty="No keys match."
      columns={[
        { header: "Prefix", kind: "mono", cell: (key) => `${key.prefix}…` },
        { header: "Name", cell: (key) => key.name },
        {
          header: "Owner",
          cell: (key) => (
            <Link href={`/admin/users/${key.ownerId}`}>{key.ownerEmail ?? key.ownerId.slice(0, 8)}</Link>
          ),
        },
        { header: "Created", cell: (key) => when(key.createdAt) },
        { header: "Last used", cell: (key) => when(key.lastUsedAt) },
        {
          header: "",
          cell: (key) =>
            key.revokedAt ? (
              <span className={styles.badge} data-tone="critical">
                revoked {when(key.revokedAt)}
              </span>
            ) : (
              <RevokeKey id={key.id} prefix={key.prefix} />
            ),
        },
      ]}
    />
  );
}
