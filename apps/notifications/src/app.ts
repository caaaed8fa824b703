import { ADMIN_TOKEN_REQUIREMENT, requireSecrets, SESSION_SECRET_REQUIREMENT } from "@repo/auth";
import { Hono } from "hono";
import { publishAnnouncement } from "./routes/admin";
import { requireAdmin } from "./routes/admin-auth";
import { listNotifications, resendNotification } from "./routes/admin-failures";
import { stats, statsSeries } from "./routes/admin-stats";
import { health } from "./routes/health";
import { getPreferences, listHistory, markRead, putPreferences } from "./routes/inbox";
import { upgrade } from "./routes/websocket";

/** The notifications worker's HTTP routes (design §5); index.ts adds the audit queue's consumer. */
export const app = new Hono<{ Bindings: Env }>();

// Too short a secret outside development refuses every request (issue 7), health included.
app.use("*", requireSecrets([SESSION_SECRET_REQUIREMENT, ADMIN_TOKEN_REQUIREMENT]));
app.get("/health", health);
app.get("/ws/notifications", upgrade);
app.get("/api/notifications", listHistory);
app.post("/api/notifications/read", markRead);
app.get("/api/preferences", getPreferences);
app.put("/api/preferences", putPreferences);
app.use("/admin/*", requireAdmin);
app.post("/admin/notifications", publishAnnouncement);
app.get("/admin/notifications", listNotifications);
app.post("/admin/notifications/:id/resend", resendNotification);
app.get("/admin/stats", stats);
app.get("/admin/stats/series", statsSeries);
app.notFound((c) => c.json({ error: "not found" }, 404));
