import type { Context } from "hono";
import type { AppEnv } from "../env";

/**
 * Hands the request to another worker exactly as it came (method, body,
 * Cookie, Origin, Upgrade), so the browser sees one origin and the upstream
 * does its own authentication.
 */
export function forwardTo(binding: "GROUPS" | "NOTIFICATIONS") {
  return (c: Context<AppEnv>) => c.env[binding].fetch(c.req.raw);
}
