import Link from "next/link";
import { notFound } from "next/navigation";
import { api } from "../../../_trpc/server.ts";
import styles from "../../_components/admin.module.css";
import { Table } from "../../_components/admin-table.tsx";
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
          rows={accounts}
          rowKey={(a) => `${a.providerId}:${a.accountId}`}
          empty="None (anonymous)."
          columns={[
            { header: "Provider", cell: (a) => a.providerId },
            { header: "Account id", cell: (a) => a.accountId },
            { header: "Linked", cell: (a) => when(a.createdAt) },
          ]}
        />
      </section>
      <section className={styles.section}>
        <h2>Sessions</h2>
        <Table
          rows={sessions}
          rowKey={(s) => s.id}
          empty="No active sessions."
          columns={[
            { header: "Created", cell: (s) => when(s.createdAt) },
            { header: "Expires", cell: (s) => when(s.expiresAt) },
            { header: "IP", cell: (s) => s.ipAddress ?? "—" },
            { header: "Browser", cell: (s) => s.userAgent ?? "—" },
          ]}
        />
      </section>
      <section className={styles.section}>
        <h2>Keys</h2>
        <Table
          rows={keys}
          rowKey={(k) => k.id}
          empty="No keys."
          columns={[
            { header: "Name", cell: (k) => k.name },
            { header: "Prefix", cell: (k) => k.prefix },
            { header: "Created", cell: (k) => when(k.createdAt) },
            { header: "Last used", cell: (k) => when(k.lastUsedAt) },
            { header: "Revoked", cell: (k) => when(k.revokedAt) },
          ]}
        />
      </section>
      <section className={styles.section}>
        <h2>Analyses</h2>
        <Table
          rows={agentSessions}
          rowKey={(s) => s.id}
          empty="No analyses."
          columns={[
            { header: "Title", cell: (s) => <Link href={`/admin/agent/${s.id}`}>{s.title}</Link> },
            { header: "Updated", cell: (s) => when(s.updatedAt) },
          ]}
        />
      </section>
    </>
  );
}
