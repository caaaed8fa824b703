import { sign, verify } from "hono/jwt";
import { parse as parseCookies } from "hono/utils/cookie";
import { z } from "zod";

/** Sessions last a week; a new sign-in issues a new token. */
export const SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;
/**
 * How far in the future a token's `iat` may be: the workers and whatever
 * signs sessions in a deployment do not share a clock, and a token issued by
 * a clock a few seconds ahead must not be refused for its first seconds.
 */
export const IAT_SKEW_SECONDS = 60;

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

export function isDevelopment(environment: string | undefined): boolean {
  return environment === "development";
}

/**
 * The session cookie's name: `__Host-session` outside development, so a
 * browser only accepts it Secure, for Path=/ and without a Domain (a sibling
 * subdomain cannot plant one); plain `session` in development, whose
 * http://127.0.0.1 cannot hold a Secure cookie.
 */
export function sessionCookieName(environment: string | undefined): string {
  return isDevelopment(environment) ? "session" : "__Host-session";
}

export async function signSession(
  secret: string,
  user: { userId: string; name: string },
  nowSeconds: number = Math.floor(Date.now() / 1000),
  ttlSeconds: number = SESSION_TTL_SECONDS,
): Promise<string> {
  const claims: Session = { sub: user.userId, name: user.name, iat: nowSeconds, exp: nowSeconds + ttlSeconds };
  return sign(claims, secret, "HS256");
}

/**
 * The session in `token`, or null when it is missing, forged, expired,
 * issued more than IAT_SKEW_SECONDS after `nowSeconds`, or malformed.
 * hono/jwt refuses any `iat` after its own clock and has no leeway option,
 * so its `iat` check is off and this one allows the skew.
 */
export async function verifySession(
  secret: string,
  token: string | null | undefined,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): Promise<Session | null> {
  if (!token) return null;
  try {
    const payload = await verify(token, secret, { alg: "HS256", iat: false });
    const parsed = Session.safeParse(payload);
    if (!parsed.success || parsed.data.iat > nowSeconds + IAT_SKEW_SECONDS) return null;
    return parsed.data;
  } catch {
    return null;
  }
}

/** The raw token a request carries: `Authorization: Bearer` first, then the environment's session cookie. */
export function sessionTokenFrom(headers: Headers, environment: string | undefined): string | null {
  const authorization = headers.get("Authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    return match?.[1] ?? null;
  }
  return readCookie(headers.get("Cookie"), sessionCookieName(environment));
}

export function readCookie(header: string | null, name: string): string | null {
  return header ? (parseCookies(header, name)[name] ?? null) : null;
}

/** The session of a request to a worker whose bindings are `env`. */
export async function sessionFromRequest(
  env: { SESSION_SECRET: string; ENVIRONMENT: string },
  request: Request,
): Promise<Session | null> {
  return verifySession(env.SESSION_SECRET, sessionTokenFrom(request.headers, env.ENVIRONMENT));
}
