import { z } from "zod";
import { readDevMailbox } from "#server/auth/dev-mailbox.ts";
import { env } from "#server/env.ts";

const query = z.object({ email: z.email() });

/** The latest sign-in code sent to an address: development and tests only. */
export async function GET(request: Request) {
  if (env.NODE_ENV === "production") return Response.json({ error: "Not found" }, { status: 404 });
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    return Response.json({ error: "Give a valid address: ?email=<address>" }, { status: 400 });
  }
  const message = await readDevMailbox(parsed.data.email);
  if (!message) return Response.json({ error: "No code was sent to this address" }, { status: 404 });
  return Response.json(message, { headers: { "cache-control": "no-store" } });
}
