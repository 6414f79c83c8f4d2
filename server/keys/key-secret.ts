import "server-only";
import { createHash, randomBytes } from "node:crypto";

const KEY_PREFIX = "sk-ada-";
/** Characters of the key kept in clear for display (`sk-ada-` plus four of the secret). */
const DISPLAY_LENGTH = KEY_PREFIX.length + 4;

/** A new raw key (shown once), its display prefix and the hash that is stored. */
export function newKeySecret() {
  const key = `${KEY_PREFIX}${randomBytes(24).toString("base64url")}`;
  return { key, prefix: key.slice(0, DISPLAY_LENGTH), hash: hashKey(key) };
}

/** Keys are random 192-bit secrets, so a fast unsalted hash is enough to make the stored value useless. */
export function hashKey(key: string) {
  return createHash("sha256").update(key).digest("hex");
}
