import "server-only";
import { Prisma } from "../generated/prisma/client.ts";

/**
 * SQL for a bucket's current window. A window that has passed counts as empty and restarts now;
 * the gateway's debit rolls it in the same statement that charges the next request.
 */
export const WINDOW_OVER = Prisma.raw("window_start + period::interval <= now()");
export const CURRENT_USED = Prisma.sql`CASE WHEN ${WINDOW_OVER} THEN 0 ELSE used_tokens END`;
export const CURRENT_START = Prisma.sql`CASE WHEN ${WINDOW_OVER} THEN now() ELSE window_start END`;
