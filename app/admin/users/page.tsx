import Link from "next/link";
import { api } from "../../_trpc/server.ts";
import styles from "../_components/admin.module.css";
import { Pagination } from "../_components/pagination.tsx";
import { number, readParams, type SearchParams, when } from "../_components/search-params.ts";

const PAGE_SIZE = 25;

export default async function AdminUsers({ searchParams }: { searchParams: SearchParams }) {
  const { params, page } = await readParams(searchParams);
  const users = await api.admin.users.list({ query: params.q || undefined, page, pageSize: PAGE_SIZE });
  return (
    <>
      <h1 className={styles.title}>Users</h1>
      <form className={styles.filters}>
        <label>
          Search
          <input name="q" defaultValue={params.q} placeholder="email, name or id" />
        </label>
        <button type="submit">Search</button>
      </form>
      <div className={styles.tableWrap}>
        {users.items.length === 0 ? (
          <p className={styles.empty}>No users match.</p>
        ) : (
          <table className={styles.table}>
            <thead>
              <tr>
                <th>User</th>
                <th>Kind</th>
                <th>Role</th>
                <th>Tier</th>
                <th className={styles.num}>Used / limit</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {users.items.map((user) => (
                <tr key={user.id}>
                  <td>
                    <Link href={`/admin/users/${user.id}`}>{user.email ?? user.name}</Link>{" "}
                    {user.banned ? (
                      <span className={styles.badge} data-tone="bad">
                        banned
                      </span>
                    ) : null}
                    <div className={`${styles.mono} ${styles.muted}`}>{user.id}</div>
                  </td>
                  <td>{user.isAnonymous ? "anonymous" : "signed in"}</td>
                  <td>{user.role ?? "user"}</td>
                  <td>{user.tier ?? "—"}</td>
                  <td className={styles.num}>
                    {number(user.usedTokens)} / {number(user.limitTokens)}
                  </td>
                  <td>{when(user.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <Pagination page={users.page} pageSize={users.pageSize} total={users.total} params={{ q: params.q }} />
    </>
  );
}
