/**
 * Development and test stand-in for email: the latest one-time code per address, kept as files in
 * DATA_DIR so the developer and E2E tests can read it (GET /api/dev/mailbox). Never in production.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { env } from "../env.ts";

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
