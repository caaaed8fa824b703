/**
 * What `wrangler types` cannot know: the generated `Env` (worker-configuration.d.ts) holds the bindings,
 * vars and secrets of wrangler.jsonc; these tuning settings are deliberately not in its `vars`. config.ts
 * reads each with its own default and tests shorten some, so they stay optional strings here.
 */
interface Env {
  // Delivery and history (design §4, §6).
  ACK_TIMEOUT_MS?: string;
  MAX_SENDS?: string;
  HISTORY_LIMIT?: string;
  HISTORY_MAX_AGE_MS?: string;
  // The audit outbox.
  OUTBOX_BATCH_SIZE?: string;
  OUTBOX_FLUSH_DELAY_MS?: string;
  OUTBOX_MAX_BACKOFF_MS?: string;
  AUDIT_TIMEOUT_MS?: string;
  // The audit queue's retries (audit-queue/consumer.ts).
  AUDIT_QUEUE_MAX_DELAY_S?: string;
  // Operators (issue 10).
  CONNECTION_HEARTBEAT_MS?: string;
  CONNECTION_STALE_MS?: string;
}
