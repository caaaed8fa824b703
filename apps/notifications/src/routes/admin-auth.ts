import type { MiddlewareHandler } from "hono";
import { log } from "../log";

async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const encoder = new TextEncoder();
  const [left, right] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(a)),
    crypto.subtle.digest("SHA-256", encoder.encode(b)),
  ]);
  return crypto.subtle.timingSafeEqual(left, right);
}

/** Every `/admin/*` route: `Authorization: Bearer <ADMIN_TOKEN>` or 401 (design §5, §5.0.1). */
export const requireAdmin: MiddlewareHandler<{ Bindings: Env }> = async (c, next) => {
  const token = /^Bearer\s+(\S+)$/i.exec(c.req.header("Authorization") ?? "")?.[1];
  if (!token || !c.env.ADMIN_TOKEN || !(await constantTimeEqual(token, c.env.ADMIN_TOKEN))) {
    log("admin_refused", { reason: "bad admin token" });
    return c.json({ error: "a valid admin token is required" }, 401);
  }
  await next();
};
