/** What the admin lists share: 1-based pages, a free-text search, and how an account is shown. */
import "server-only";
import { z } from "zod";

export const pageInput = z.object({
  page: z.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
});
export type PageRequest = z.infer<typeof pageInput>;

/** Text to search for; blank means no search. */
export const searchQuery = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((text) => text || undefined);

export const skipTake = ({ page, pageSize }: PageRequest) => ({
  skip: (page - 1) * pageSize,
  take: pageSize,
});

export const paged = <T>(items: T[], total: number, { page, pageSize }: PageRequest) => ({
  items,
  total,
  page,
  pageSize,
});

/** `contains`, ignoring case (ILIKE). */
export const containing = (text: string) => ({ contains: text, mode: "insensitive" as const });

export const ownerFields = { email: true, name: true, isAnonymous: true } as const;

/** An anonymous account's address is a placeholder (…@anonymous.invalid), nobody's email. */
export const emailOf = (user: { email: string; isAnonymous: boolean | null }) =>
  user.isAnonymous ? null : user.email;
