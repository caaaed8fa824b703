import { Hono } from "hono";
import type { Env } from "./env";
import { publishAnnouncement } from "./routes/admin";
import { health } from "./routes/health";
import { upgrade } from "./routes/websocket";

export { NotificationsDO } from "./do/durable-object";

const app = new Hono<{ Bindings: Env }>();

app.get("/health", health);
app.get("/ws/notifications", upgrade);
app.post("/admin/notifications", publishAnnouncement);
app.notFound((c) => c.json({ error: "not found" }, 404));

export default app;
