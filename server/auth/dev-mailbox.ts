/**
 * Development and test stand-in for email: the latest one-time code per address, kept as files in
 * DATA_DIR so the developer and E2E tests can read it (GET /api/dev/mailbox). Never in production.
 */
import "server-only";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { AppError } from "../app-error.ts";
import { env } from "../env.ts";
import { queryOf, routeHandler } from "../route-handler.ts";

const dir = () => path.resolve(env.DATA_DIR, "mailbox");
const fileFor = (email: string) =>
  path.join(dir(), `${Buffer.from(email.trim().toLowerCase()).toString("base64url")}.json`);

export async function deliverToDevMailbox(email: string, code: string) {
  await mkdir(dir(), { recursive: true });
  await writeFile(fileFor(email), JSON.stringify({ code, sentAt: new Date().toISOString() }));
}

export async function readDevMailbox(email: string): Promise<{ code: string; sentAt: string } | null> {
  const text = await readFile(fileFor(email), "utf8").catch(() => null);
  return text ? JSON.parse(text) : null;
}

const mailboxQuery = z.object({ email: z.email() });

/** GET /api/dev/mailbox?email=: the latest sign-in code sent to an address. */
export const serveDevMailbox = routeHandler(async ({ request }) => {
  if (env.NODE_ENV === "production") throw new AppError("NOT_FOUND", "Not found");
  const parsed = mailboxQuery.safeParse(queryOf(request));
  if (!parsed.success) throw new AppError("BAD_REQUEST", "Give a valid address: ?email=<address>");
  const message = await readDevMailbox(parsed.data.email);
  if (!message) throw new AppError("NOT_FOUND", "No code was sent to this address");
  return Response.json(message, { headers: { "cache-control": "no-store" } });
});
