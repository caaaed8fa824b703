import type { Context } from "hono";
import type { AppEnv } from "../env";

/**
 * The operators' page calls `/api/admin/*` on this origin; the notifications
 * worker answers them at `/admin/*` and checks the admin token itself.
 */
export function forwardAdmin(c: Context<AppEnv>) {
  const url = new URL(c.req.url);
  url.pathname = url.pathname.replace(/^\/api\/admin(?=\/|$)/, "/admin");
  return c.env.NOTIFICATIONS.fetch(new Request(url, c.req.raw));
}
