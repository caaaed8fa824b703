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
    status: text("status", { enum: ["pending", "acked", "failed", "sent"] }).notNull(),
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
  ],
);
