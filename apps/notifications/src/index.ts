import { app } from "./app";
import { consumeAuditBatch } from "./audit-queue/consumer";

export { NotificationsDO } from "./do/durable-object";

export default {
  fetch: app.fetch,
  // The audit queue's consumer: every object's Postgres writes, a batch over one connection (design §6).
  queue: consumeAuditBatch,
} satisfies ExportedHandler<Env>;
