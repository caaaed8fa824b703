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
  | "request_failed";

export function log(event: LogEvent, fields: Record<string, string | number | boolean | null> = {}): void {
  const line = JSON.stringify({ event, ...fields, at: new Date().toISOString() });
  if (event === "outbox_retry" || event === "outbox_dead_lettered" || event === "request_failed") console.warn(line);
  else console.log(line);
}
