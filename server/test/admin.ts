/** Admins for admin tests (test code). ADMIN_EMAILS is set in setup-env.ts. */
import { db } from "../db.ts";
import { TestAuthClient } from "./auth-client.ts";

/** A new signed-in user with a fresh address (an ordinary user: not in ADMIN_EMAILS). */
export async function signInUser(label = "user") {
  const client = new TestAuthClient();
  const email = `${label}-${crypto.randomUUID()}@example.com`;
  const id = await client.signInWithEmail(email);
  return { client, id, email, api: await client.caller() };
}

/**
 * An admin by role. Each file signs in its own: ADMIN_EMAILS' one address may receive only five
 * codes per 15 minutes, which the tests of that address need.
 */
export async function signInAdmin() {
  const admin = await signInUser("admin");
  await db.user.update({ where: { id: admin.id }, data: { role: "admin" } });
  // A caller reads the session once, when it is made: this one sees the role.
  return { ...admin, api: await admin.client.caller() };
}
