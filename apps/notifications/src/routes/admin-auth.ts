import type { MiddlewareHandler } from "hono";
import { log } from "../log";

const sha256 = (text: string) => crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));

/** The digest of the configured token, computed once per token rather than once per request. */
let expected: { token: string; digest: Promise<ArrayBuffer> } | null = null;

/** Compares digests, so the time taken says nothing about the token's length or where it differs. */
async function isAdminToken(presented: string, token: string): Promise<boolean> {
  if (expected?.token !== token) expected = { token, digest: sha256(token) };
  const [left, right] = await Promise.all([sha256(presented), expected.digest]);
  return crypto.subtle.timingSafeEqual(left, right);
}

/** Every `/admin/*` route: `Authorization: Bearer <ADMIN_TOKEN>` or 401 (design §5, §5.0.1). */
export const requireAdmin: MiddlewareHandler<{ Bindings: Env }> = async (c, next) => {
  const token = /^Bearer\s+(\S+)$/i.exec(c.req.header("Authorization") ?? "")?.[1];
  if (!token || !c.env.ADMIN_TOKEN || !(await isAdminToken(token, c.env.ADMIN_TOKEN))) {
    log("admin_refused", { reason: "bad admin token" });
    return c.json({ error: "a valid admin token is required" }, 401);
  }
  await next();
};
