/** Next calls `register` once when a server starts: the Node server's hooks and background work start here. */
export async function register() {
  // NEXT_RUNTIME is a build-time constant Next inlines per bundle, not configuration.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // First: every request from here on is stamped with its client's address.
  const { installClientAddressHook } = await import("#server/auth/client-address.ts");
  installClientAddressHook();
  const { startReservationSweeper } = await import("#server/quota/sweeper.ts");
  startReservationSweeper();
  const { env } = await import("#server/env.ts");
  if (!env.ELECTRIC_URL) {
    // The embedded shape endpoint's replication stream, ready before the first sync request.
    const { changeLog } = await import("#server/sync/embedded/replication.ts");
    changeLog().catch(() => {}); // logged there; the first sync request tries again
  }
}
