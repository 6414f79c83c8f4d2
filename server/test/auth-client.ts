/**
 * Drives Better Auth over its real HTTP handler (rate limits and origin checks included), keeping
 * cookies like a browser would. Each client gets its own IP so rate-limit buckets do not collide:
 * its requests carry the stamp the server's hook gives a connection from that address.
 */
import { randomInt } from "node:crypto";
import { CLIENT_ADDRESS_HEADER, stampClientAddress } from "../auth/client-address.ts";
import { readDevMailbox } from "../auth/dev-mailbox.ts";
import { handleAuthRequest } from "../auth/handler.ts";
import { createTRPCContext } from "../trpc/init.ts";
import { createCaller } from "../trpc/root.ts";

const ORIGIN = "http://localhost:3000";

export function randomIp() {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}

export class TestAuthClient {
  private readonly jar = new Map<string, string>();

  constructor(readonly ip = randomIp()) {}

  headers() {
    const headers = new Headers({ origin: ORIGIN, [CLIENT_ADDRESS_HEADER]: stampClientAddress(this.ip) });
    if (this.jar.size) headers.set("cookie", [...this.jar].map(([k, v]) => `${k}=${v}`).join("; "));
    return headers;
  }

  async request(path: string, body?: unknown) {
    const headers = this.headers();
    if (body !== undefined) headers.set("content-type", "application/json");
    const response = await handleAuthRequest(
      new Request(`${ORIGIN}/api/auth${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    );
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = cookie.split(";");
      const [name = "", value = ""] = pair.split("=");
      const expired = attributes.some((a) => /max-age=0\b/i.test(a.trim()));
      if (!value || expired) this.jar.delete(name.trim());
      else this.jar.set(name.trim(), value);
    }
    return response;
  }

  /** Signs in anonymously and returns the new user's id. */
  async signInAnonymously() {
    const response = await this.request("/sign-in/anonymous", {});
    if (!response.ok) throw new Error(`anonymous sign-in failed: ${response.status}`);
    const { user } = (await response.json()) as { user: { id: string } };
    return user.id;
  }

  /** Signs in with an email code read from the dev mailbox and returns the user's id. */
  async signInWithEmail(email: string) {
    const sent = await this.request("/email-otp/send-verification-otp", { email, type: "sign-in" });
    if (!sent.ok) throw new Error(`sending a sign-in code failed: ${sent.status}`);
    const code = (await readDevMailbox(email))?.code;
    const response = await this.request("/sign-in/email-otp", { email, otp: code });
    if (!response.ok) throw new Error(`email sign-in failed: ${response.status}`);
    const { user } = (await response.json()) as { user: { id: string } };
    return user.id;
  }

  /** A tRPC caller acting as this client. */
  async caller() {
    return createCaller(await createTRPCContext({ headers: this.headers() }));
  }
}
