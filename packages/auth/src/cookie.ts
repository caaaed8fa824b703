import { isDevelopment, SESSION_TTL_SECONDS, sessionCookieName } from "./session.ts";

function attributes(environment: string | undefined, value: string, maxAge: number): string {
  const parts = [
    `${sessionCookieName(environment)}=${value}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAge}`,
  ];
  // `__Host-` cookies must be Secure; development serves plain http and keeps the plain name.
  if (!isDevelopment(environment)) parts.push("Secure");
  return parts.join("; ");
}

/** The Set-Cookie value that stores a session: HttpOnly, SameSite=Lax, Secure and `__Host-` outside development. */
export function sessionCookie(token: string, environment: string | undefined): string {
  return attributes(environment, token, SESSION_TTL_SECONDS);
}

/** The Set-Cookie value that removes the session. */
export function clearedSessionCookie(environment: string | undefined): string {
  return attributes(environment, "", 0);
}
