import Link from "next/link";
import { api } from "../../_trpc/server.ts";
import styles from "../_components/admin.module.css";
import { Pagination } from "../_components/pagination.tsx";
import { number, readParams, type SearchParams, when } from "../_components/search-params.ts";

const PAGE_SIZE = 50;
const FILTERS = ["accountId", "model", "status", "from", "to"] as const;

export default async function AdminActivity({ searchParams }: { searchParams: SearchParams }) {
  const { params, page } = await readParams(searchParams);
  const filter = Object.fromEntries(FILTERS.map((name) => [name, params[name] || undefined]));
  const activity = await api.admin.activity.list({ ...filter, page, pageSize: PAGE_SIZE });
  const query = new URLSearchParams(
    Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1])),
  );
  return (
    <>
      <h1 className={styles.title}>Activity</h1>
      <form className={styles.filters}>
        <label>
          Account id
          <input name="accountId" defaultValue={params.accountId} />
        </label>
        <label>
          Model
          <input name="model" defaultValue={params.model} placeholder="gpt-5.4-mini" />
        </label>
        <label>
          Status
          <select name="status" defaultValue={params.status ?? ""}>
            <option value="">any</option>
            {["open", "settled", "failed", "aborted"].map((status) => (
              <option key={status}>{status}</option>
            ))}
          </select>
        </label>
        <label>
          From (UTC)
          <input type="date" name="from" defaultValue={params.from} />
        </label>
        <label>
          To (UTC)
          <input type="date" name="to" defaultValue={params.to} />
        </label>
        <button type="submit">Filter</button>
        <a className={styles.button} href={`/admin/activity/export?${query}`} download>
          Export CSV
        </a>
      </form>
      <div className={styles.tableWrap}>
        {activity.items.length === 0 ? (
          <p className={styles.empty}>No requests match.</p>
        ) : (
          <table className={styles.table}>
            <thead>
              <tr>
                <th>When</th>
                <th>Account</th>
                <th>Model</th>
                <th>Status</th>
                <th className={styles.num}>Prompt</th>
                <th className={styles.num}>Completion</th>
                <th className={styles.num}>Charged</th>
                <th className={styles.num}>TTFT ms</th>
                <th>Error</th>
              </tr>
            </thead>
            <tbody>
              {activity.items.map((row) => (
                <tr key={row.id} data-testid="activity-row">
                  <td>{when(row.createdAt)}</td>
                  <td>
                    <Link href={`/admin/users/${row.accountId}`}>
                      {row.email ?? row.accountId.slice(0, 8)}
                    </Link>
                  </td>
                  <td>{row.model}</td>
                  <td>{row.status}</td>
                  <td className={styles.num}>{number(row.promptTokens)}</td>
                  <td className={styles.num}>{number(row.completionTokens)}</td>
                  <td className={styles.num}>{number(row.charged)}</td>
                  <td className={styles.num}>{number(row.ttftMs)}</td>
                  <td className={styles.muted}>{row.error ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <Pagination page={activity.page} pageSize={activity.pageSize} total={activity.total} params={filter} />
    </>
  );
}
