"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import styles from "./admin.module.css";

const SECTIONS = [
  ["/admin", "Overview"],
  ["/admin/users", "Users"],
  ["/admin/quota", "Quota"],
  ["/admin/keys", "Keys"],
  ["/admin/activity", "Activity"],
  ["/admin/agent", "Agent"],
  ["/admin/shares", "Shares"],
  ["/admin/audit", "Audit"],
] as const;

export function AdminNav() {
  const path = usePathname();
  return (
    <nav className={styles.nav} aria-label="Admin sections">
      {SECTIONS.map(([href, label]) => {
        const current = href === "/admin" ? path === href : path.startsWith(href);
        return (
          <Link key={href} href={href} aria-current={current ? "page" : undefined}>
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
