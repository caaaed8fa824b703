import { sessionFromRequest } from "@repo/auth";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../env";

/** Every `/api` route acts as the user the session names (design §5.1), and only then touches an object. */
export const requireSession = createMiddleware<AppEnv>(async (c, next) => {
  const session = await sessionFromRequest(c.env, c.req.raw);
  if (!session) return c.json({ error: "a valid session is required" }, 401);
  c.set("actor", { id: session.sub, name: session.name });
  await next();
});
