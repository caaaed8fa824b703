import { sign, verify } from "hono/jwt";
import { parse as parseCookies } from "hono/utils/cookie";
import { z } from "zod";

export const SESSION_COOKIE = "session";
/** Sessions last a week; a new sign-in issues a new token. */
export const SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;

export const Session = z.object({
  sub: z.string().min(1).max(200),
  name: z.string().min(1).max(200),
  iat: z.number().int(),
  exp: z.number().int(),
});
export type Session = z.infer<typeof Session>;

export const SignInInput = z.object({
  userId: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, '.', '_' or '-' only"),
  name: z.string().trim().min(1).max(100),
});
export type SignInInput = z.infer<typeof SignInInput>;

export async function signSession(
  secret: string,
  user: { userId: string; name: string },
  nowSeconds: number = Math.floor(Date.now() / 1000),
  ttlSeconds: number = SESSION_TTL_SECONDS,
): Promise<string> {
  const claims: Session = { sub: user.userId, name: user.name, iat: nowSeconds, exp: nowSeconds + ttlSeconds };
  return sign(claims, secret, "HS256");
}

/** The session in `token`, or null when it is missing, forged, expired or malformed. */
export async function verifySession(secret: string, token: string | null | undefined): Promise<Session | null> {
  if (!token) return null;
  try {
    const payload = await verify(token, secret, "HS256");
    const parsed = Session.safeParse(payload);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The raw token a request carries: `Authorization: Bearer` first, then the `session` cookie. */
export function sessionTokenFrom(headers: Headers): string | null {
  const authorization = headers.get("Authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    return match?.[1] ?? null;
  }
  return readCookie(headers.get("Cookie"), SESSION_COOKIE);
}

export function readCookie(header: string | null, name: string): string | null {
  return header ? (parseCookies(header, name)[name] ?? null) : null;
}

export async function sessionFromRequest(secret: string, request: Request): Promise<Session | null> {
  return verifySession(secret, sessionTokenFrom(request.headers));
}
