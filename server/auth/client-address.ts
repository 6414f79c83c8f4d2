/**
 * The client's network address, which per-client limits count by (anonymous sign-ins, sign-in
 * codes). It is settled where the socket is known, because nothing later can tell a forged
 * X-Forwarded-For from a real one: Next does not give route handlers the socket, and it fills
 * `x-forwarded-for` in from the socket only when the header is absent — a client-sent one reaches
 * the handler as it was sent.
 *
 * So `installClientAddressHook` (instrumentation.ts) sees every request the Node server accepts
 * before Next does, and stamps it with the resolved address: the socket's own, or — only when the
 * connection comes from TRUSTED_PROXIES — the client its proxies forwarded in CLIENT_IP_HEADER.
 */
import "server-only";
import { randomBytes } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";
import { BlockList, isIP, type Socket } from "node:net";
import { env } from "../env.ts";

/** Carries the stamp; whatever a client sends under this name is replaced. */
export const CLIENT_ADDRESS_HEADER = "x-ada-client-address";

export const UNKNOWN_ADDRESS_MESSAGE =
  "Your network address could not be determined, so this request cannot be rate-limited. Try again.";

/** A bare IP (IPv4-mapped IPv6 as plain IPv4, so one client has one form), or undefined. */
function canonical(address: string | undefined) {
  const trimmed = address?.trim().toLowerCase() ?? "";
  const mapped = trimmed.startsWith("::ffff:") ? trimmed.slice(7) : "";
  if (isIP(mapped) === 4) return mapped;
  return isIP(trimmed) ? trimmed : undefined;
}

/** TRUSTED_PROXIES' addresses and ranges (env.ts has checked each) as one lookup. */
export function proxyList(entries: string[]) {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = "", prefix] = entry.split("/");
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

const isProxy = (address: string, proxies: BlockList) =>
  proxies.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");

/**
 * The client of a connection from `peer`. Each proxy appends the address it was connected from to
 * `forwarded`, so the client is the rightmost hop that is not one of ours; everything left of it
 * was written by the client and proves nothing. A trusted peer that forwards nothing made the
 * request itself (a health check). Undefined when no address can be trusted.
 */
export function resolveClientAddress(
  peer: string | undefined,
  forwarded: string | undefined,
  proxies: BlockList,
) {
  let client = canonical(peer);
  if (!client || !isProxy(client, proxies)) return client;
  const hops = (forwarded ?? "").split(",").filter((hop) => hop.trim());
  for (const hop of hops.reverse()) {
    client = canonical(hop);
    if (!client || !isProxy(client, proxies)) return client;
  }
  // Every hop is one of ours: the request started inside (an internal caller).
  return client;
}

const TOKEN = Symbol.for("ada.client-address-token");

/**
 * A random token per process, in the stamp: requests the server accepted before the hook was
 * installed (at start-up) carry whatever the client put in the header, and must not pass. On
 * globalThis because instrumentation and the route handlers are separate bundles.
 */
function processToken() {
  const global = globalThis as { [TOKEN]?: string };
  global[TOKEN] ??= randomBytes(16).toString("hex");
  return global[TOKEN];
}

export function stampClientAddress(address: string) {
  return `${processToken()} ${address}`;
}

/** The address the hook stamped on this request, or undefined when it did not stamp one. */
export function clientAddressOf(headers: Headers) {
  const [token, address] = (headers.get(CLIENT_ADDRESS_HEADER) ?? "").split(" ");
  return token === processToken() ? canonical(address) : undefined;
}

const trustedProxies = proxyList(env.TRUSTED_PROXIES);

function stampRequest(message: unknown) {
  const { request, socket } = message as { request: IncomingMessage; socket: Socket };
  const forwarded = request.headers[env.CLIENT_IP_HEADER];
  const address = resolveClientAddress(
    socket.remoteAddress,
    Array.isArray(forwarded) ? forwarded.join(",") : forwarded,
    trustedProxies,
  );
  if (address) request.headers[CLIENT_ADDRESS_HEADER] = stampClientAddress(address);
  else delete request.headers[CLIENT_ADDRESS_HEADER];
}

/**
 * Node publishes `http.server.request.start` for every request, with its socket, synchronously
 * before the server's `request` event — before Next reads the headers.
 */
export function installClientAddressHook() {
  subscribe("http.server.request.start", stampRequest);
}
