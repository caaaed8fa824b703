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
  | "frame_rejected"
  | "socket_error"
  | "admin_refused";

export function log(event: LogEvent, fields: Record<string, string | number | boolean | null> = {}): void {
  const line = JSON.stringify({ event, ...fields, at: new Date().toISOString() });
  if (event === "audit_flush_failed" || event === "audit_row_dropped" || event === "socket_error") console.warn(line);
  else console.log(line);
}
