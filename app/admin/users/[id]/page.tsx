import Link from "next/link";
import { notFound } from "next/navigation";
import { api } from "../../../_trpc/server.ts";
import styles from "../../_components/admin.module.css";
import { number, when } from "../../_components/search-params.ts";
import { BanControl, RoleControl } from "./user-actions.tsx";

async function loadUser(id: string) {
  try {
    return await api.admin.users.get({ id });
  } catch {
    notFound();
  }
}

export default async function AdminUser({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const { user, accounts, sessions, quota, keys, agentSessions } = await loadUser(id);
  return (
    <>
      <h1 className={styles.title}>{user.email ?? user.name}</h1>
      <dl className={styles.details}>
        <dt>Id</dt>
        <dd className={styles.mono}>{user.id}</dd>
        <dt>Kind</dt>
        <dd>{user.isAnonymous ? "anonymous" : "signed in"}</dd>
        <dt>Created</dt>
        <dd>{when(user.createdAt)}</dd>
        <dt>Role</dt>
        <dd>
          <RoleControl userId={user.id} role={user.role ?? "user"} />
        </dd>
        <dt>Status</dt>
        <dd>
          <BanControl
            userId={user.id}
            banned={user.banned}
            reason={user.banReason}
            expires={user.banExpires ? when(user.banExpires) : null}
          />
        </dd>
        <dt>Quota</dt>
        <dd>
          {quota ? (
            <>
              {quota.tier} · {number(quota.usedTokens)} / {number(quota.limitTokens)} tokens since{" "}
              {when(quota.windowStart)} · <Link href={`/admin/quota?q=${user.id}`}>change</Link>
            </>
          ) : (
            "no bucket"
          )}
        </dd>
      </dl>

      <section className={styles.section}>
        <h2>Linked sign-in methods</h2>
        <Table
          empty="None (anonymous)."
          head={["Provider", "Account id", "Linked"]}
          rows={accounts.map((a) => [a.providerId, a.accountId, when(a.createdAt)])}
        />
      </section>
      <section className={styles.section}>
        <h2>Sessions</h2>
        <Table
          empty="No active sessions."
          head={["Created", "Expires", "IP", "Browser"]}
          rows={sessions.map((s) => [
            when(s.createdAt),
            when(s.expiresAt),
            s.ipAddress ?? "—",
            s.userAgent ?? "—",
          ])}
        />
      </section>
      <section className={styles.section}>
        <h2>Keys</h2>
        <Table
          empty="No keys."
          head={["Name", "Prefix", "Created", "Last used", "Revoked"]}
          rows={keys.map((k) => [k.name, k.prefix, when(k.createdAt), when(k.lastUsedAt), when(k.revokedAt)])}
        />
      </section>
      <section className={styles.section}>
        <h2>Analyses</h2>
        <Table
          empty="No analyses."
          head={["Title", "Updated"]}
          rows={agentSessions.map((s) => [
            <Link key={s.id} href={`/admin/agent/${s.id}`}>
              {s.title}
            </Link>,
            when(s.updatedAt),
          ])}
        />
      </section>
    </>
  );
}

function Table({ head, rows, empty }: { head: string[]; rows: React.ReactNode[][]; empty: string }) {
  return (
    <div className={styles.tableWrap}>
      {rows.length === 0 ? (
        <p className={styles.empty}>{empty}</p>
      ) : (
        <table className={styles.table}>
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((cells, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: static rows of one render
              <tr key={index}>
                {cells.map((cell, column) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: fixed columns
                  <td key={column}>{cell}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
