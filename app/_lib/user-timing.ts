/** User Timing marks for the page's start-up: interactive, Python ready, first result (`npm run bench:browser`). */
export function markOnce(name: `ada:${string}`, detail?: Record<string, number>) {
  if (performance.getEntriesByName(name, "mark").length === 0) performance.mark(name, { detail });
}
