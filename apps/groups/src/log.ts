/**
 * Structured logs: one JSON object a line, picked up by Workers observability.
 * Callers pass ids, counts and reasons only, never a token or a notification's data.
 */
export type LogEvent =
  | "group_action"
  | "action_refused"
  | "outbox_delivered"
  | "outbox_retry"
  | "outbox_dead_lettered"
  | "rate_limited"
  | "directory_updated"
  | "request_failed"
  | "schema_migrated"
  | "schema_ahead";

const WARNINGS: ReadonlySet<LogEvent> = new Set([
  "outbox_retry",
  "outbox_dead_lettered",
  "request_failed",
  "schema_ahead",
]);

export function log(event: LogEvent, fields: Record<string, string | number | boolean | null> = {}): void {
  const line = JSON.stringify({ event, ...fields, at: new Date().toISOString() });
  if (WARNINGS.has(event)) console.warn(line);
  else console.log(line);
}
