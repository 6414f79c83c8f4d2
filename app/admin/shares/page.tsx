import Link from "next/link";
import { api } from "../../_trpc/server.ts";
import styles from "../_components/admin.module.css";
import { Pagination } from "../_components/pagination.tsx";
import { readParams, type SearchParams, when } from "../_components/search-params.ts";
import { RevokeShare } from "./revoke-share.tsx";

const PAGE_SIZE = 25;

/** Every read-only link (`/s/<token>`): whose analysis it opens, and revoke (audited). */
export default async function AdminShares({ searchParams }: { searchParams: SearchParams }) {
  const { params, page } = await readParams(searchParams);
  const shares = await api.admin.shares.list({ query: params.q || undefined, page, pageSize: PAGE_SIZE });
  return (
    <>
      <h1 className={styles.title}>Shares</h1>
      <form className={styles.filters}>
        <label>
          Search
          <input name="q" defaultValue={params.q} placeholder="title, owner or session id" />
        </label>
        <button type="submit">Search</button>
      </form>
      <div className={styles.tableWrap}>
        {shares.items.length === 0 ? (
          <p className={styles.empty}>No links match.</p>
        ) : (
          <table className={styles.table}>
            <thead>
              <tr>
                <th>Link</th>
                <th>Analysis</th>
                <th>Owner</th>
                <th>Created</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {shares.items.map((share) => (
                <tr key={share.id}>
                  <td className={styles.mono}>/s/{share.prefix}…</td>
                  <td>
                    <Link href={`/admin/agent/${share.sessionId}`}>{share.sessionTitle}</Link>
                  </td>
                  <td>
                    <Link href={`/admin/users/${share.ownerId}`}>
                      {share.ownerEmail ?? `anonymous ${share.ownerId.slice(0, 8)}`}
                    </Link>
                  </td>
                  <td>{when(share.createdAt)}</td>
                  <td>
                    {share.revokedAt ? (
                      <span className={styles.badge} data-tone="bad">
                        revoked {when(share.revokedAt)}
                      </span>
                    ) : (
                      <RevokeShare id={share.id} prefix={share.prefix} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <Pagination
        page={shares.page}
        pageSize={shares.pageSize}
        total={shares.total}
        params={{ q: params.q }}
      />
    </>
  );
}
