import "server-only";
import { env } from "../env.ts";
import type { QuotaTier } from "../generated/prisma/enums.ts";

/** Daily token allowance of each tier (env-configurable; see README). */
export function tierLimit(tier: QuotaTier) {
  switch (tier) {
    case "anon":
      return env.QUOTA_TOKENS_ANON;
    case "free":
      return env.QUOTA_TOKENS_FREE;
    case "pro":
      return env.QUOTA_TOKENS_PRO;
  }
}

/** The tier a new account starts on. */
export const initialTier = (isAnonymous: boolean): QuotaTier => (isAnonymous ? "anon" : "free");
