import "server-only";
import { createHash, randomBytes } from "node:crypto";

/** The token's first characters, kept in clear so an owner can tell links apart. */
const PREFIX_LENGTH = 6;

/** What a token looks like: 192 random bits, base64url. Anything else is not looked up. */
const TOKEN = /^[A-Za-z0-9_-]{32}$/;

/** A new token (shown once, in the link), its display prefix and the hash that is stored. */
export function newShareToken() {
  const token = randomBytes(24).toString("base64url");
  return { token, prefix: token.slice(0, PREFIX_LENGTH), hash: hashShareToken(token) };
}

/** Tokens are random 192-bit secrets, so a fast unsalted hash makes the stored value useless. */
export function hashShareToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

export const isShareToken = (text: string) => TOKEN.test(text);

/** Where a link opens: the share page of the token. */
export const sharePath = (token: string) => `/s/${token}`;
