/** What the object tells Workers Analytics Engine about (README, "Analytics Engine"). */
export type AnalyticsEvent = "publish" | "ack" | "failed" | "connect" | "disconnect";

export interface AnalyticsFields {
  /** The event type of a notification; empty for connections. */
  type?: string;
  /** Milliseconds from publish to ack (ack), or how long a connection lasted (disconnect). */
  latencyMs?: number;
  /** Sockets reached (publish). */
  delivered?: number;
}

/**
 * Writes one data point: blob1 = event, blob2 = notification type; double1 =
 * latency ms, double2 = sockets reached; index1 = the type (or the event for
 * connections), so sampling keeps every type represented. A no-op without
 * the binding (local runs, tests); it never throws into delivery.
 */
export function recordEvent(
  dataset: AnalyticsEngineDataset | undefined,
  event: AnalyticsEvent,
  fields: AnalyticsFields = {},
): void {
  if (!dataset) return;
  try {
    dataset.writeDataPoint({
      blobs: [event, fields.type ?? ""],
      doubles: [fields.latencyMs ?? 0, fields.delivered ?? 0],
      indexes: [fields.type ?? event],
    });
  } catch {
    // Telemetry is best effort: a refused data point must not fail a publish or an ack.
  }
}
