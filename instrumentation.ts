/** Next calls `register` once when a server starts: the Node server's background work starts here. */
export async function register() {
  // NEXT_RUNTIME is a build-time constant Next inlines per bundle, not configuration.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startReservationSweeper } = await import("#server/quota/sweeper.ts");
  const { startFeedPruner } = await import("#server/sync/embedded/retention.ts");
  startReservationSweeper();
  startFeedPruner();
}
