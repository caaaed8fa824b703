import { clearedSessionCookie, SignInInput, sessionCookie, sessionFromRequest, signSession } from "@repo/auth";
import type { Context } from "hono";
import { type AppEnv, isDevelopment } from "../env";

/** The hostnames of this machine: a development stack reached from elsewhere must not sign anyone in. */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * `POST /api/session { userId, name }`: sign in as anyone. Development only
 * (design §5.1), and only when the request reached a loopback host, so a dev
 * stack exposed on a network (or a deployment left in development) does not
 * hand out sessions; a deployment gets its sessions from its real sign-in.
 */
export async function signIn(c: Context<AppEnv>) {
  if (!isDevelopment(c.env)) return c.json({ error: "not found" }, 404);
  if (!LOOPBACK_HOSTS.has(new URL(c.req.url).hostname)) {
    return c.json({ error: "the development sign-in answers only on 127.0.0.1, localhost or [::1]" }, 403);
  }
  if (!c.env.SESSION_SECRET) return c.json({ error: "SESSION_SECRET is not configured" }, 500);
  const body: unknown = await c.req.json().catch(() => undefined);
  const input = SignInInput.safeParse(body);
  if (!input.success) return c.json({ error: "a user id and a name are required", issues: input.error.issues }, 400);
  const token = await signSession(c.env.SESSION_SECRET, input.data);
  c.header("Set-Cookie", sessionCookie(token, c.env.ENVIRONMENT));
  return c.json({ token });
}

/** `GET /api/session`: who is signed in. The UI and the hook's reconnect probe both ask it. */
export async function currentSession(c: Context<AppEnv>) {
  c.header("Cache-Control", "no-store");
  const session = c.env.SESSION_SECRET ? await sessionFromRequest(c.env, c.req.raw) : null;
  if (!session) return c.json({ error: "not signed in" }, 401);
  return c.json({ userId: session.sub, name: session.name });
}

/** `DELETE /api/session`: sign out, in every environment. */
export function signOut(c: Context<AppEnv>) {
  c.header("Set-Cookie", clearedSessionCookie(c.env.ENVIRONMENT));
  return c.body(null, 204);
}
