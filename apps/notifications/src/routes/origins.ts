/**
 * Whether a socket may be opened from `origin`. Browsers always send Origin,
 * so a missing one is a non-browser client (a backend, a script) that has
 * no cookie jar to abuse; a present one must be listed.
 */
export function isOriginAllowed(origin: string | undefined, allowedOrigins: string): boolean {
  if (origin === undefined) return true;
  return allowedOrigins
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .includes(origin);
}
