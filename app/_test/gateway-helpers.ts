/** Accounts and clients for gateway tests (test code). */
import OpenAI from "openai";
import { db } from "#server/db.ts";
import { TestAuthClient } from "#server/test/auth-client.ts";
import { APP_ORIGIN, routeFetch } from "./route-fetch.ts";

/** A fresh anonymous account with a virtual key, optionally with a given limit. */
export async function newAccount(limitTokens?: number) {
  const auth = new TestAuthClient();
  const accountId = await auth.signInAnonymously();
  const api = await auth.caller();
  const { key, id: keyId } = await api.keys.create({ name: "test" });
  if (limitTokens !== undefined) await db.quotaBucket.update({ where: { accountId }, data: { limitTokens } });
  return { auth, accountId, key, keyId };
}

/** The real `openai` client pointed at the app's /api/v1. */
export function openaiClient(apiKey: string) {
  return new OpenAI({ apiKey, baseURL: `${APP_ORIGIN}/api/v1`, fetch: routeFetch, maxRetries: 0 });
}

export async function bucketOf(accountId: string) {
  return db.quotaBucket.findUniqueOrThrow({ where: { accountId } });
}

export async function usageOf(accountId: string) {
  return db.usageLog.findMany({ where: { accountId }, orderBy: { createdAt: "asc" } });
}

/** Postgres work after a stream ends (settlement) is awaited by polling, never by sleeping blindly. */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 5_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
