/**
 * Structured logs (design §7): one JSON object a line, picked up by Workers
 * observability. Callers pass ids and counts only, never a token, a cookie or
 * a notification's data.
 */
export type LogEvent =
  | "connect"
  | "disconnect"
  | "upgrade_refused"
  | "publish"
  | "ack"
  | "retry_round"
  | "failed"
  | "audit_flush"
  | "audit_flush_failed"
  | "audit_row_dropped"
  | "audit_queue_write"
  | "audit_queue_write_failed"
  | "audit_message_dropped"
  | "frame_rejected"
  | "admin_refused"
  | "schema_migrated"
  | "schema_ahead"
  | "notification_unreadable"
  | "too_many_sockets"
  | "rate_limit_close"
  | "audit_dead_lettered"
  | "dedupe_conflict"
  | "alarm_error"
  | "connection_log_flush"
  | "connection_log_flush_failed"
  | "resend"
  | "read"
  | "preferences_changed"
  | "preferences_unreadable";

const WARNINGS: ReadonlySet<LogEvent> = new Set([
  "audit_flush_failed",
  "audit_row_dropped",
  "audit_queue_write_failed",
  "audit_message_dropped",
  "notification_unreadable",
  "rate_limit_close",
  "audit_dead_lettered",
  "alarm_error",
  "connection_log_flush_failed",
  "schema_ahead",
]);

/**
 * Lines written for every notification or batch: what the Postgres audit log already records, row by
 * row. Logged only at `LOG_LEVEL=debug`: a console.log costs more than the rest of a publish in
 * `wrangler dev` (it goes through the inspector), and Workers Logs bills each line in production.
 */
const PER_NOTIFICATION: ReadonlySet<LogEvent> = new Set([
  "publish",
  "ack",
  "retry_round",
  "read",
  "audit_flush",
  "connection_log_flush",
  "audit_queue_write",
]);

export const LOG_LEVELS = ["debug", "info", "warn"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** One level for the isolate: every object and handler in it reads the same `LOG_LEVEL`. */
let level: LogLevel = "info";

export function setLogLevel(next: LogLevel): void {
  level = next;
}

export function log(event: LogEvent, fields: Record<string, string | number | boolean | null> = {}): void {
  const warning = WARNINGS.has(event);
  if (!warning && (level === "warn" || (level === "info" && PER_NOTIFICATION.has(event)))) return;
  const line = JSON.stringify({ event, ...fields, at: new Date().toISOString() });
  if (warning) console.warn(line);
  else console.log(line);
}
