/** The open analysis is part of the address (`?session=`), so a reload or a shared tab reopens it. */

export function readSessionFromUrl() {
  return new URLSearchParams(window.location.search).get("session");
}

export function writeSessionToUrl(id: string | null) {
  const url = new URL(window.location.href);
  if (id) url.searchParams.set("session", id);
  else url.searchParams.delete("session");
  window.history.replaceState(null, "", url);
}
