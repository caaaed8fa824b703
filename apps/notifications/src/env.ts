import type { AuditMessage } from "./audit-queue/messages";
import type { NotificationsDO } from "./do/durable-object";

export interface Env {
  NOTIFICATIONS: DurableObjectNamespace<NotificationsDO>;
  HYPERDRIVE: Hyperdrive;
  /** Every write to Postgres, from every object, goes through it (design §6; audit-queue/). */
  AUDIT_QUEUE: Queue<AuditMessage>;
  ENVIRONMENT: string;
  SESSION_SECRET: string;
  ADMIN_TOKEN: string;
  /** Comma-separated origins allowed to open a socket from a browser. */
  ALLOWED_ORIGINS: string;
  // Tuning (design §4, §6); defaults in config.ts, shortened by tests.
  ACK_TIMEOUT_MS?: string;
  MAX_SENDS?: string;
  HISTORY_LIMIT?: string;
  HISTORY_MAX_AGE_MS?: string;
  OUTBOX_BATCH_SIZE?: string;
  OUTBOX_FLUSH_DELAY_MS?: string;
  OUTBOX_MAX_BACKOFF_MS?: string;
  AUDIT_TIMEOUT_MS?: string;
  AUDIT_QUEUE_MAX_DELAY_S?: string;
  // Limits (issue 7); defaults in config.ts and wrangler.jsonc.
  MAX_SOCKETS_PER_USER?: string;
  FRAME_RATE_PER_SECOND?: string;
  FRAME_BURST?: string;
  MAX_PENDING_PER_USER?: string;
  RECONNECT_DELIVERY_LIMIT?: string;
  OUTBOX_MAX_ROWS?: string;
  DEDUPE_RETENTION_MS?: string;
  // Operators (issue 10); defaults in config.ts.
  CONNECTION_HEARTBEAT_MS?: string;
  CONNECTION_STALE_MS?: string;
  /** Workers Analytics Engine; absent locally and in tests, where telemetry is a no-op. */
  ANALYTICS?: AnalyticsEngineDataset;
}
