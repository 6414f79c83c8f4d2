/**
 * Limits of the tRPC endpoint that its client must respect too: the browser's batch link
 * (app/_trpc/react.tsx) must batch at most MAX_BATCH_SIZE calls (its `maxItems`). Plain
 * constants, so the browser bundle can import them.
 */

/** Calls in one batched request; more is refused whole (400) before any of them runs. */
export const MAX_BATCH_SIZE = 10;
