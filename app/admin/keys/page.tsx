import Link from "next/link";
import { api } from "../../_trpc/server.ts";
import styles from "../_components/admin.module.css";
import { Pagination } from "../_components/pagination.tsx";
import { readParams, type SearchParams, when } from "../_components/search-params.ts";
import { RevokeKey } from "./revoke-key.tsx";

const PAGE_SIZE = 25;

export default async function AdminKeys({ searchParams }: { searchParams: SearchParams }) {
  const { params, page } = await readParams(searchParams);
  const keys = await api.admin.keys.list({ query: params.q || undefined, page, pageSize: PAGE_SIZE });
  return (
    <>
      <h1 className={styles.title}>Keys</h1>
      <form className={styles.filters}>
        <label>
          Search
          <input name="q" defaultValue={params.q} placeholder="prefix, name or owner" />
        </label>
        <button type="submit">Search</button>
      </form>
      <div className={styles.tableWrap}>
        {keys.items.length === 0 ? (
          <p className={styles.empty}>No keys match.</p>
        ) : (
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Prefix</th>
                <th>Name</th>
                <th>Owner</th>
                <th>Created</th>
                <th>Last used</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {keys.items.map((key) => (
                <tr key={key.id}>
                  <td className={styles.mono}>{key.prefix}…</td>
                  <td>{key.name}</td>
                  <td>
                    <Link href={`/admin/users/${key.ownerId}`}>
                      {key.ownerEmail ?? key.ownerId.slice(0, 8)}
                    </Link>
                  </td>
                  <td>{when(key.createdAt)}</td>
                  <td>{when(key.lastUsedAt)}</td>
                  <td>
                    {key.revokedAt ? (
                      <span className={styles.badge} data-tone="bad">
                        revoked {when(key.revokedAt)}
                      </span>
                    ) : (
                      <RevokeKey id={key.id} prefix={key.prefix} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <Pagination page={keys.page} pageSize={keys.pageSize} total={keys.total} params={{ q: params.q }} />
    </>
  );
}
