import "server-only";
import { env } from "../env.ts";

type SessionUser = {
  email: string;
  isAnonymous?: boolean | null;
  role?: string | null;
  banned?: boolean | null;
  banExpires?: Date | null;
};

/** A ban without an expiry, or with one still ahead, refuses the user everywhere. */
export function isBanned(user: Pick<SessionUser, "banned" | "banExpires">, now = new Date()) {
  return Boolean(user.banned) && (!user.banExpires || user.banExpires > now);
}

const deploymentPolicy = { adminEmails: env.ADMIN_EMAILS, production: env.NODE_ENV === "production" };

/**
 * Admins: signed in (not anonymous), not banned, and role `admin` or email in ADMIN_EMAILS. An
 * empty ADMIN_EMAILS lets any signed-in user in outside production, and nobody in production.
 */
export function isAdmin(user: SessionUser, policy = deploymentPolicy) {
  if (user.isAnonymous || isBanned(user)) return false;
  if (user.role === "admin") return true;
  if (policy.adminEmails.length === 0) return !policy.production;
  return policy.adminEmails.some((email) => email.toLowerCase() === user.email.toLowerCase());
}
