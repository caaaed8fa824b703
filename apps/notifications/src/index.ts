import { ADMIN_TOKEN_REQUIREMENT, requireSecrets, SESSION_SECRET_REQUIREMENT } from "@repo/auth";
import { Hono } from "hono";
import { app } from "./app";
import { consumeAuditBatch } from "./audit-queue/consumer";
import { publishAnnouncement } from "./routes/admin";
import { requireAdmin } from "./routes/admin-auth";
import { listNotifications, resendNotification } from "./routes/admin-failures";
import { stats, statsSeries } from "./routes/admin-stats";
import { health } from "./routes/health";
import { getPreferences, listHistory, markRead, putPreferences } from "./routes/inbox";
import { upgrade } from "./routes/websocket";

export { NotificationsDO } from "./do/durable-object";

export default {
  fetch: app.fetch,
  // The audit queue's consumer: every object's Postgres writes, a batch over one connection (design §6).
  queue: consumeAuditBatch,
} satisfies ExportedHandler<Env>;
