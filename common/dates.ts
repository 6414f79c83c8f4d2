/** "2026-11-30 21:51 UTC": dates in exports and replays name their zone, since a file is read anywhere. */
export const formatDate = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
