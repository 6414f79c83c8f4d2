import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { isAdmin } from "#server/auth/access.ts";
import { auth } from "#server/auth/auth.ts";
import styles from "./_components/admin.module.css";
import { AdminNav } from "./_components/admin-nav.tsx";

export const metadata: Metadata = { title: "Admin — Ada", robots: { index: false } };
export const dynamic = "force-dynamic";

/** The one gate of every admin page (each procedure checks again): anyone but an admin gets a 404. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const session = await auth.api.getSession({ headers: await headers() });
  if (!session || !isAdmin(session.user)) notFound();
  return (
    <div className={styles.shell}>
      <header className={styles.header}>
        <Link href="/admin" className={styles.brand}>
          <span className={styles.logo} aria-hidden>
            A
          </span>
          Ada admin
        </Link>
        <AdminNav />
        <span className={styles.who}>{session.user.email}</span>
      </header>
      <main className={styles.main}>{children}</main>
    </div>
  );
}
