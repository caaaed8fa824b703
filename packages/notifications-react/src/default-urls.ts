type PageLocation = Pick<Location, "protocol" | "host" | "origin">;

/** The notifications socket on the page's own origin: the UI worker forwards `/ws/*` (design §5). */
export function defaultSocketUrl(location: PageLocation): string {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}/ws/notifications`;
}

/** The cheap endpoint that says whether the session cookie is still good: 200 or 401. */
export function defaultSessionUrl(location: PageLocation): string {
  return `${location.origin}/api/session`;
}

/** The inbox (§5.0): `GET` pages history, `POST …/read` marks read. */
export function defaultNotificationsApiUrl(location: PageLocation): string {
  return `${location.origin}/api/notifications`;
}
