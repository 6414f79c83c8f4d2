/** Next calls `register` once when a server starts: the Node server's hooks and background work start here. */
export async function register() {
  // NEXT_RUNTIME is a build-time constant Next inlines per bundle, not configuration.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // First: every request from here on is stamped with its client's address.
  const { installClientAddressHook } = await import("#server/auth/client-address.ts");
  installClientAddressHook();
  const { startReservationSweeper } = await import("#server/quota/sweeper.ts");
  const { startFeedPruner } = await import("#server/sync/embedded/retention.ts");
  startReservationSweeper();
  startFeedPruner();
}
