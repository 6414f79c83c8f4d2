import Link from "next/link";
import { api } from "../../_trpc/server.ts";
import styles from "../_components/admin.module.css";
import { AdminTable, search } from "../_components/admin-table.tsx";
import { number, readParams, type SearchParams, when } from "../_components/search-params.ts";

const PAGE_SIZE = 25;

export default async function AdminUsers({ searchParams }: { searchParams: SearchParams }) {
  const { params, page } = await readParams(searchParams);
  const users = await api.admin.users.list({ query: params.q || undefined, page, pageSize: PAGE_SIZE });
  return (
    <AdminTable
      title="Users"
      filters={search("email, name or id")}
      params={params}
      list={users}
      rowKey={(user) => user.id}
      empty="No users match."
      columns={[
        {
          header: "User",
          cell: (user) => (
            <>
              <Link href={`/admin/users/${user.id}`}>{user.email ?? user.name}</Link>{" "}
              {user.banned ? (
                <span className={styles.badge} data-tone="critical">
                  banned
                </span>
              ) : null}
              <div className={`${styles.mono} ${styles.muted}`}>{user.id}</div>
            </>
          ),
        },
        { header: "Kind", cell: (user) => (user.isAnonymous ? "anonymous" : "signed in") },
        { header: "Role", cell: (user) => user.role ?? "user" },
        { header: "Tier", cell: (user) => user.tier ?? "—" },
        {
          header: "Used / limit",
          kind: "number",
          cell: (user) => `${number(user.usedTokens)} / ${number(user.limitTokens)}`,
        },
        { header: "Created", cell: (user) => when(user.createdAt) },
      ]}
    />
  );
}
