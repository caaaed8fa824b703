import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** The audit trail of every notification (design §6.1), one row per notification id. */
export const notificationLog = pgTable(
  "notification_log",
  {
    id: uuid("id").primaryKey(),
    userId: text("user_id").notNull(),
    eventType: text("event_type").notNull(),
    payload: jsonb("payload").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true, mode: "date" }).notNull(),
    acknowledged: boolean("acknowledged").notNull().default(false),
    acknowledgedAt: timestamp("acknowledged_at", { withTimezone: true, mode: "date" }),
    retryCount: integer("retry_count").notNull().default(0),
    lastRetryAt: timestamp("last_retry_at", { withTimezone: true, mode: "date" }),
    status: text("status", { enum: ["pending", "acked", "failed", "sent", "muted"] }).notNull(),
    /** Whether its round 1 happened (design §4): sent to at least one socket at publish or at a later connect. */
    delivered: boolean("delivered").notNull().default(false),
    /**
     * The object's version of this notification, one more for every change:
     * an upsert applies only a newer version, so a late batch never overwrites a newer state.
     */
    version: integer("version").notNull().default(0),
  },
  (table) => [
    // "What did this user get, newest first?"
    index("notification_log_user_sent_at_idx").on(table.userId, table.sentAt.desc()),
    // "What is still waiting for, or never got, an acknowledgment?" A partial index stays small.
    index("notification_log_unacknowledged_idx")
      .on(table.userId, table.sentAt)
      .where(sql`${table.status} in ('pending', 'failed')`),
    // The operators' figures and chart series over a window (admin/stats-queries.ts): an index-only scan of the window.
    index("notification_log_stats_idx").on(
      table.sentAt,
      table.eventType,
      table.status,
      table.delivered,
      table.acknowledgedAt,
    ),
    // Ack latency over a window: only the acknowledged rows.
    index("notification_log_ack_latency_idx")
      .on(table.sentAt, table.acknowledgedAt)
      .where(sql`${table.status} = 'acked'`),
    // The operators' list of failed (or any status) notifications, newest first, paged by (sent_at, id).
    index("notification_log_status_sent_at_idx").on(table.status, table.sentAt.desc(), table.id.desc()),
  ],
);

/**
 * One row per WebSocket connection, written by the user's object through its
 * outbox (do/connection-log.ts). A row with no `disconnected_at` whose
 * `last_seen_at` is older than the stale bound counts as closed: its object
 * vanished (eviction, crash) before it could say so.
 */
export const connectionLog = pgTable(
  "connection_log",
  {
    id: uuid("id").primaryKey(),
    userId: text("user_id").notNull(),
    connectedAt: timestamp("connected_at", { withTimezone: true, mode: "date" }).notNull(),
    disconnectedAt: timestamp("disconnected_at", { withTimezone: true, mode: "date" }),
    closeCode: integer("close_code"),
    userAgentFamily: text("user_agent_family"),
    /** Refreshed by the object's heartbeat while the connection is open. */
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true, mode: "date" }).notNull(),
    version: integer("version").notNull().default(0),
  },
  (table) => [
    index("connection_log_open_idx").on(table.lastSeenAt, table.userId).where(sql`${table.disconnectedAt} is null`),
    index("connection_log_user_connected_at_idx").on(table.userId, table.connectedAt.desc()),
  ],
);

/** Rows waiting in each object's outboxes, as last reported by that object. */
export const objectBacklog = pgTable("object_backlog", {
  userId: text("user_id").primaryKey(),
  waiting: integer("waiting").notNull(),
  reportedAt: timestamp("reported_at", { withTimezone: true, mode: "date" }).notNull(),
});
