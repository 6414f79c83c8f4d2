import Link from "next/link";
import { api } from "../../_trpc/server.ts";
import styles from "../_components/admin.module.css";
import { Pagination } from "../_components/pagination.tsx";
import { readParams, type SearchParams, when } from "../_components/search-params.ts";

const PAGE_SIZE = 25;

export default async function AdminAgent({ searchParams }: { searchParams: SearchParams }) {
  const { params, page } = await readParams(searchParams);
  const sessions = await api.admin.agent.sessions({
    accountId: params.accountId || undefined,
    query: params.q || undefined,
    page,
    pageSize: PAGE_SIZE,
  });
  return (
    <>
      <h1 className={styles.title}>Agent sessions</h1>
      <form className={styles.filters}>
        <label>
          Title
          <input name="q" defaultValue={params.q} />
        </label>
        <label>
          Account id
          <input name="accountId" defaultValue={params.accountId} />
        </label>
        <button type="submit">Filter</button>
      </form>
      <div className={styles.tableWrap}>
        {sessions.items.length === 0 ? (
          <p className={styles.empty}>No sessions match.</p>
        ) : (
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Title</th>
                <th>Account</th>
                <th>Model</th>
                <th className={styles.num}>Messages</th>
                <th className={styles.num}>Cells</th>
                <th>Updated</th>
              </tr>
            </thead>
            <tbody>
              {sessions.items.map((session) => (
                <tr key={session.id}>
                  <td>
                    <Link href={`/admin/agent/${session.id}`}>{session.title}</Link>
                  </td>
                  <td>
                    <Link href={`/admin/users/${session.accountId}`}>
                      {session.email ?? session.accountId.slice(0, 8)}
                    </Link>
                  </td>
                  <td>{session.model ?? "—"}</td>
                  <td className={styles.num}>{session.messages}</td>
                  <td className={styles.num}>{session.cells}</td>
                  <td>{when(session.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <Pagination
        page={sessions.page}
        pageSize={sessions.pageSize}
        total={sessions.total}
        params={{ q: params.q, accountId: params.accountId }}
      />
    </>
  );
}
