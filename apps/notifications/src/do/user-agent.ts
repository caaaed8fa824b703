/** A browser family for the connection log: enough to tell operators who connects, never the whole header. */
export type UserAgentFamily = "Edge" | "Chrome" | "Firefox" | "Safari" | "other";

/** The family of a User-Agent header, or null when there is none. Order matters: Edge and Chrome also say "Safari". */
export function userAgentFamily(header: string | null | undefined): UserAgentFamily | null {
  if (!header) return null;
  if (/\bEdg(e|A|iOS)?\//.test(header)) return "Edge";
  if (/\b(Firefox|FxiOS)\//.test(header)) return "Firefox";
  if (/\b(Chrome|Chromium|CriOS)\//.test(header)) return "Chrome";
  if (/\bSafari\//.test(header) && /\bVersion\//.test(header)) return "Safari";
  return "other";
}
