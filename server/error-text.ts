/**
 * Text from elsewhere — a provider's error message — made fit to store and to sync to the
 * browser (usage_log.error): it may quote credentials (the key we sent, a URL with a password),
 * run to any length, and hold characters Postgres refuses (NUL) or a screen garbles.
 */
import "server-only";
import { env } from "./env.ts";

/** Enough for any provider's explanation; the full error is in the server's log. */
export const MAX_ERROR_TEXT = 500;

const REDACTED = "[redacted]";

/** Credentials by their shape, whoever they belong to. */
const secretShapes: [RegExp, string][] = [
  // OpenAI and Anthropic keys (sk-…, sk-ant-…), ours (sk-ada-…), publishable/restricted kinds.
  [/\b(?:sk|pk|rk)-[\w-]{8,}/g, REDACTED],
  [/\bBearer\s+[\w.~+/=-]+/gi, `Bearer ${REDACTED}`],
  [
    /\b(api[_-]?key|token|secret|password|authorization)(["']?\s*[:=]\s*["']?)[^\s"',;&]+/gi,
    `$1$2${REDACTED}`,
  ],
  // user:password@ in a URL
  [/(\/\/)[^/\s:@]+:[^/\s@]+@/g, `$1${REDACTED}@`],
];

/** Control characters but tab and newline: NUL cannot be stored, the rest only garbles. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its job
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** The deployment's own secrets, wherever they show up, whatever their shape. */
function configuredSecrets() {
  return [
    env.OPENAI_API_KEY,
    env.ANTHROPIC_API_KEY,
    env.ELECTRIC_SECRET,
    env.BETTER_AUTH_SECRET,
    env.KAGGLE_KEY,
    env.GOOGLE_CLIENT_SECRET,
    env.GITHUB_CLIENT_SECRET,
    env.SMTP_URL,
  ].filter((secret): secret is string => Boolean(secret && secret.length >= 8));
}

/** Cut to at most `max` characters without splitting a surrogate pair. */
function cut(text: string, max: number) {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text.charAt(max - 2)) ? max - 2 : max - 1;
  return `${text.slice(0, end)}…`;
}

export function cleanErrorText(text: string, secrets: string[] = configuredSecrets()) {
  // Bounded first, so the work below is too; four times the result's length keeps any secret
  // that could reach the result whole, for it to be recognised.
  let clean = cut(text, MAX_ERROR_TEXT * 4).replace(CONTROL, "");
  for (const secret of secrets) clean = clean.replaceAll(secret, REDACTED);
  for (const [shape, replacement] of secretShapes) clean = clean.replace(shape, replacement);
  return cut(clean.trim(), MAX_ERROR_TEXT);
}
