import type { Context } from "hono";

export function health(c: Context) {
  return c.json({ ok: true, service: "groups" });
}
