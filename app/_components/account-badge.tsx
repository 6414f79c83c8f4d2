import styles from "./account-badge.module.css";

type User = { id: string; isAnonymous: boolean; email: string | null; name: string };

export function AccountBadge({ user }: { user: User }) {
  const label = user.isAnonymous ? "Anonymous" : (user.email ?? user.name);
  return (
    <div className={styles.badge} data-testid="account-badge" data-anonymous={user.isAnonymous}>
      <span className={styles.avatar} aria-hidden>
        {user.isAnonymous ? "?" : label.charAt(0).toUpperCase()}
      </span>
      <span className={styles.text}>
        <span className={styles.label}>{label}</span>
        {user.isAnonymous ? (
          <span className={styles.hint} title={`Account ${user.id}`}>
            guest · {user.id.slice(0, 6)}
          </span>
        ) : null}
      </span>
    </div>
  );
}
