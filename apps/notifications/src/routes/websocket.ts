import { sessionFromRequest } from "@repo/auth";
import type { Context } from "hono";
import { log } from "../log";
import { isOriginAllowed } from "./origins";

/**
 * `GET /ws/notifications` (design §5): the session names the user, and only
 * then is that user's object touched.
 */
export async function upgrade(c: Context<{ Bindings: Env }>) {
  const session = await sessionFromRequest(c.env, c.req.raw);
  if (!session) {
    log("upgrade_refused", { reason: "no valid session", status: 401 });
    return c.json({ error: "a valid session is required" }, 401);
  }
  if (!isOriginAllowed(c.req.header("Origin"), c.env.ALLOWED_ORIGINS)) {
    log("upgrade_refused", { reason: "origin not allowed", status: 403, userId: session.sub });
    return c.json({ error: "origin not allowed" }, 403);
  }
  if (c.req.header("Upgrade")?.toLowerCase() !== "websocket") {
    log("upgrade_refused", { reason: "not an upgrade", status: 426, userId: session.sub });
    return c.json({ error: "expected a WebSocket upgrade" }, 426, { Upgrade: "websocket" });
  }
  // The object is the user's by its name: nothing in the request has to say whose socket it is.
  return c.env.NOTIFICATIONS.getByName(session.sub).fetch(c.req.raw);
}
