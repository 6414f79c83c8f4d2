/**
 * Better Auth: anonymous-first identity. Every visitor gets a real (anonymous) user on first load;
 * email one-time codes, Google and GitHub sign in later (ARCHITECTURE.md, "Sign-in and linking").
 */
import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { admin, anonymous, emailOTP } from "better-auth/plugins";
import { linkAnonymousAccount } from "../accounts/link-account.ts";
import { seedAccount } from "../accounts/seed-account.ts";
import { authDb } from "../db.ts";
import { baseUrl, env, isBuildPhase } from "../env.ts";
import { limitEmailCodes } from "./address-limit.ts";
import { CLIENT_ADDRESS_HEADER } from "./client-address.ts";
import { sendSignInCode } from "./send-code.ts";

const socialProviders = {
  ...(env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET
    ? { google: { clientId: env.GOOGLE_CLIENT_ID, clientSecret: env.GOOGLE_CLIENT_SECRET } }
    : {}),
  ...(env.GITHUB_CLIENT_ID && env.GITHUB_CLIENT_SECRET
    ? { github: { clientId: env.GITHUB_CLIENT_ID, clientSecret: env.GITHUB_CLIENT_SECRET } }
    : {}),
};

/** Local development is reached as localhost or 127.0.0.1; both are the same origin to us. */
function trustedOrigins() {
  const url = new URL(baseUrl);
  const origins = [url.origin, ...env.TRUSTED_ORIGINS];
  if (url.hostname === "localhost") origins.push(`${url.protocol}//127.0.0.1:${url.port}`);
  if (url.hostname === "127.0.0.1") origins.push(`${url.protocol}//localhost:${url.port}`);
  return origins;
}

/**
 * The admin plugin for its user fields (role, ban) and its refusal to start a banned user's
 * session, without its HTTP endpoints (impersonate, set a password, update or remove a user…):
 * admins act only through the dashboard's functions in server/admin, which check the same gate
 * and write an audit row for every change. Nothing in the app calls the plugin's endpoints.
 */
function adminWithoutEndpoints() {
  const { endpoints: _endpoints, ...plugin } = admin({ defaultRole: "user", adminRoles: ["admin"] });
  return plugin;
}

export const auth = betterAuth({
  appName: "Ada",
  baseURL: baseUrl,
  // `next build` constructs this without serving a request; the running server always has a secret.
  secret: env.BETTER_AUTH_SECRET ?? (isBuildPhase ? "build-phase-only-never-signs-anything" : undefined),
  database: prismaAdapter(authDb, { provider: "postgresql", transaction: true }),
  trustedOrigins: trustedOrigins(),
  socialProviders,
  // No cookie cache: a ban or sign-out must take effect on the very next request.
  session: { cookieCache: { enabled: false } },
  rateLimit: {
    enabled: true,
    // In Postgres, so every app instance shares the counters.
    storage: "database",
    // Per client address; the first rule that matches a path applies.
    customRules: {
      "/sign-in/anonymous": { window: 3600, max: env.ANON_SIGNINS_PER_HOUR },
      "/email-otp/send-verification-otp": { window: 60, max: env.EMAIL_CODES_PER_MINUTE },
      "/sign-in/*": { window: 60, max: env.SIGN_IN_ATTEMPTS_PER_MINUTE },
    },
  },
  advanced: {
    // The address the server resolved from the socket and TRUSTED_PROXIES (handler.ts).
    ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
  },
  hooks: { before: limitEmailCodes },
  databaseHooks: {
    user: { create: { after: (user) => seedAccount(user) } },
  },
  plugins: [
    anonymous({
      emailDomainName: "anonymous.invalid",
      // Runs before Better Auth deletes the anonymous user; if it throws, nothing moved and the
      // anonymous user stays (the sign-in answers an error and can be retried).
      onLinkAccount: ({ anonymousUser, newUser }) =>
        linkAnonymousAccount(anonymousUser.user.id, newUser.user.id),
    }),
    emailOTP({
      otpLength: 6,
      expiresIn: 300,
      sendVerificationOTP: ({ email, otp }) => sendSignInCode(email, otp),
    }),
    adminWithoutEndpoints(),
    // No nextCookies(): sign-in happens through /api/auth, and with it every getSession() in a
    // route handler could write cookies — a stale long-poll answering after a sign-in would
    // delete the new session's cookie.
  ],
});

export const enabledSocialProviders = Object.keys(socialProviders) as ("google" | "github")[];

/** Codes go out by SMTP, or to the dev mailbox outside production; otherwise email sign-in is off. */
export const emailSignInEnabled = Boolean(env.SMTP_URL) || env.NODE_ENV !== "production";
