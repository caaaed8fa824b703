import { z } from "zod";
import { LOG_LEVELS } from "./log";

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const Config = z.object({
  /** Time between two delivery rounds of an unacknowledged notification, and from the last round to `failed`. */
  ackTimeoutMs: ms(5_000),
  /** Delivery rounds at most before a notification is marked failed. */
  maxSends: z.coerce.number().int().min(1).max(100).default(3),
  /** Finished notifications kept per user: the newest this many, none older than the max age. */
  historyLimit: z.coerce.number().int().min(1).default(1_000),
  historyMaxAgeMs: ms(30 * 24 * 60 * 60 * 1_000),
  /** Audit rows an object hands to the audit queue in one flush. */
  outboxBatchSize: z.coerce.number().int().min(1).max(5_000).default(200),
  /** How long audit rows gather before a flush: batches instead of a write per event. */
  outboxFlushDelayMs: ms(1_000),
  /** The ceiling of the backoff between flushes while the audit queue refuses them. */
  outboxMaxBackoffMs: ms(60_000),
  /** A flush (or the consumer's Postgres write) that has not finished by then counts as failed and is retried later. */
  auditTimeoutMs: ms(10_000),
  /**
   * The ceiling of the audit queue's retry delay while Postgres is unreachable (at most Queues' 12 h).
   * With the queue's 100 retries, an hour's ceiling holds a batch for about two days before it goes
   * to the dead-letter queue.
   */
  auditQueueMaxDelaySeconds: z.coerce.number().int().min(1).max(43_200).default(3_600),
  /** Open sockets per user; a new one beyond it closes the oldest (close code 4008). */
  maxSocketsPerUser: z.coerce.number().int().min(1).default(20),
  /** Client frames per socket: the token bucket's refill per second and its size. */
  frameRatePerSecond: z.coerce.number().positive().default(20),
  frameBurst: z.coerce.number().int().min(1).default(60),
  /** Notifications waiting for an ack per user; past it the oldest is marked failed. */
  maxPendingPerUser: z.coerce.number().int().min(1).default(500),
  /** Pending notifications sent in one connect event (or one alarm); the rest follow in the next alarm runs. */
  reconnectDeliveryLimit: z.coerce.number().int().min(1).default(100),
  /** Audit rows an object keeps waiting for Postgres; past it the oldest move to `audit_dead_letter`. */
  outboxMaxRows: z.coerce.number().int().min(1).default(50_000),
  /** How long a dedupe key is remembered, independently of the history. */
  dedupeRetentionMs: ms(7 * 24 * 60 * 60 * 1_000),
  /** How often an object with open sockets refreshes their `last_seen_at` in the connection log. */
  connectionHeartbeatMs: ms(5 * 60 * 1_000),
  /** An open connection-log row not seen for this long counts as closed in the stats (its object vanished). */
  connectionStaleMs: ms(15 * 60 * 1_000),
  /** `debug` adds a line per notification and per batch (log.ts); `warn` keeps only warnings. */
  logLevel: z.enum(LOG_LEVELS).default("info"),
});
export type Config = z.infer<typeof Config>;

/** Parsed once per env object: every object of the isolate shares its env, and a deploy brings a new one. */
const parsedConfigs = new WeakMap<Env, Config>();

export function readConfig(env: Env): Config {
  const known = parsedConfigs.get(env);
  if (known) return known;
  const parsed = Config.safeParse({
    ackTimeoutMs: env.ACK_TIMEOUT_MS,
    maxSends: env.MAX_SENDS,
    historyLimit: env.HISTORY_LIMIT,
    historyMaxAgeMs: env.HISTORY_MAX_AGE_MS,
    outboxBatchSize: env.OUTBOX_BATCH_SIZE,
    outboxFlushDelayMs: env.OUTBOX_FLUSH_DELAY_MS,
    outboxMaxBackoffMs: env.OUTBOX_MAX_BACKOFF_MS,
    auditTimeoutMs: env.AUDIT_TIMEOUT_MS,
    auditQueueMaxDelaySeconds: env.AUDIT_QUEUE_MAX_DELAY_S,
    maxSocketsPerUser: env.MAX_SOCKETS_PER_USER,
    frameRatePerSecond: env.FRAME_RATE_PER_SECOND,
    frameBurst: env.FRAME_BURST,
    maxPendingPerUser: env.MAX_PENDING_PER_USER,
    reconnectDeliveryLimit: env.RECONNECT_DELIVERY_LIMIT,
    outboxMaxRows: env.OUTBOX_MAX_ROWS,
    dedupeRetentionMs: env.DEDUPE_RETENTION_MS,
    connectionHeartbeatMs: env.CONNECTION_HEARTBEAT_MS,
    connectionStaleMs: env.CONNECTION_STALE_MS,
    logLevel: env.LOG_LEVEL,
  });
  if (!parsed.success) throw new Error(`invalid notifications configuration: ${z.prettifyError(parsed.error)}`);
  parsedConfigs.set(env, parsed.data);
  return parsed.data;
}
