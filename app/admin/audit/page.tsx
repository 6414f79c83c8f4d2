import { api } from "../../_trpc/server.ts";
import styles from "../_components/admin.module.css";
import { Pagination } from "../_components/pagination.tsx";
import { readParams, type SearchParams, when } from "../_components/search-params.ts";

const PAGE_SIZE = 50;

export default async function AdminAudit({ searchParams }: { searchParams: SearchParams }) {
  const { page } = await readParams(searchParams);
  const audit = await api.admin.audit.list({ page, pageSize: PAGE_SIZE });
  return (
    <>
      <h1 className={styles.title}>Audit</h1>
      <div className={styles.tableWrap}>
        {audit.items.length === 0 ? (
          <p className={styles.empty}>No admin actions yet.</p>
        ) : (
          <table className={styles.table}>
            <thead>
              <tr>
                <th>When</th>
                <th>Who</th>
                <th>Action</th>
                <th>Target</th>
                <th>Before</th>
                <th>After</th>
              </tr>
            </thead>
            <tbody>
              {audit.items.map((row) => (
                <tr key={row.id} data-testid="audit-row">
                  <td>{when(row.createdAt)}</td>
                  <td>{row.actorEmail}</td>
                  <td>{row.action}</td>
                  <td className={styles.mono}>
                    {row.targetType} {row.targetId}
                  </td>
                  <td className={styles.mono}>{JSON.stringify(row.before)}</td>
                  <td className={styles.mono}>{JSON.stringify(row.after)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <Pagination page={audit.page} pageSize={audit.pageSize} total={audit.total} params={{}} />
    </>
  );
}
