import { requireSecrets, SESSION_SECRET_REQUIREMENT } from "@repo/auth";
import { Hono } from "hono";
import type { AppEnv } from "./env";
import { forwardAdmin } from "./routes/admin";
import { forwardTo } from "./routes/forward";
import { currentSession, signIn, signOut } from "./routes/session";

// Only /api/* and /ws/* reach this worker (`run_worker_first`); everything
// else is the built app, served from assets with the SPA fallback.
const app = new Hono<AppEnv>();

// Too short a secret outside development refuses every request (issue 7).
app.use("*", requireSecrets([SESSION_SECRET_REQUIREMENT]));
app.post("/api/session", signIn);
app.get("/api/session", currentSession);
app.delete("/api/session", signOut);
app.all("/api/admin/*", forwardAdmin);
// The inbox and preferences (design §5.0) are the notifications worker's; matched before the rest of /api.
app.all("/api/notifications", forwardTo("NOTIFICATIONS"));
app.all("/api/notifications/*", forwardTo("NOTIFICATIONS"));
app.all("/api/preferences", forwardTo("NOTIFICATIONS"));
app.all("/api/*", forwardTo("GROUPS"));
app.all("/ws/*", forwardTo("NOTIFICATIONS"));
app.notFound((c) => c.json({ error: "not found" }, 404));

export default app;
