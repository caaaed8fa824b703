import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { connectionLog, notificationLog, objectBacklog } from "../db/schema";
import type { AuditRow } from "../do/audit-row";
import type { AuditMessage } from "./messages";

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

type Of<K extends AuditMessage["kind"]> = Extract<AuditMessage, { kind: K }>;

/**
 * The newest message of each key: one `INSERT … ON CONFLICT DO UPDATE` may
 * not touch a row twice, and the queue may hold several states of one row (a
 * retried send, a change between two flushes).
 */
function newestBy<T>(messages: readonly T[], key: (message: T) => string, order: (message: T) => number): T[] {
  const newest = new Map<string, T>();
  for (const message of messages) {
    const known = newest.get(key(message));
    if (known === undefined || order(message) > order(known)) newest.set(key(message), message);
  }
  return [...newest.values()];
}

const ofKind = <K extends AuditMessage["kind"]>(messages: readonly AuditMessage[], kind: K): Of<K>[] =>
  messages.filter((message): message is Of<K> => message.kind === kind);

/**
 * Writes one batch of the audit queue: every notification's audit row,
 * connection row and object backlog, at most one statement each, over one
 * connection. Every statement applies only what is newer than what Postgres
 * holds, so a batch written twice, or late, changes nothing.
 */
export async function writeAuditMessages(db: Db, messages: readonly AuditMessage[]): Promise<void> {
  const audits = newestBy(
    ofKind(messages, "audit"),
    (message) => message.row.id,
    (message) => message.version,
  );
  await upsertAuditRows(db, audits);
  const connections = newestBy(
    ofKind(messages, "connection"),
    (message) => message.row.connectionId,
    (message) => message.row.version,
  );
  if (connections.length > 0) {
    await db
      .insert(connectionLog)
      .values(
        connections.map(({ userId, row }) => ({
          id: row.connectionId,
          userId,
          connectedAt: new Date(row.connectedAt),
          disconnectedAt: row.disconnectedAt === null ? null : new Date(row.disconnectedAt),
          closeCode: row.closeCode,
          userAgentFamily: row.userAgentFamily,
          lastSeenAt: new Date(row.lastSeenAt),
          version: row.version,
        })),
      )
      .onConflictDoUpdate({
        target: connectionLog.id,
        set: {
          disconnectedAt: sql`excluded.disconnected_at`,
          closeCode: sql`excluded.close_code`,
          lastSeenAt: sql`excluded.last_seen_at`,
          version: sql`excluded.version`,
        },
        setWhere: sql`${connectionLog.version} < excluded.version`,
      });
  }
  const backlogs = newestBy(
    ofKind(messages, "backlog"),
    (message) => message.userId,
    (message) => message.reportedAt,
  );
  if (backlogs.length > 0) {
    await db
      .insert(objectBacklog)
      .values(
        backlogs.map((message) => ({
          userId: message.userId,
          waiting: message.waiting,
          reportedAt: new Date(message.reportedAt),
        })),
      )
      .onConflictDoUpdate({
        target: objectBacklog.userId,
        set: { waiting: sql`excluded.waiting`, reportedAt: sql`excluded.reported_at` },
        setWhere: sql`${objectBacklog.reportedAt} < excluded.reported_at`,
      });
  }
}

/**
 * Writes audit rows to Postgres as one upsert keyed by notification id. A row
 * applies only over an older version of itself: a batch written twice (a
 * flush retried after a timeout), or a slow one that commits after a newer
 * one, never brings a row back to an older state.
 */
export async function upsertAuditRows(db: Db, entries: readonly { row: AuditRow; version: number }[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insert(notificationLog)
    .values(
      entries.map(({ row, version }) => ({
        id: row.id,
        userId: row.userId,
        eventType: row.eventType,
        payload: row.payload,
        sentAt: new Date(row.sentAt),
        acknowledged: row.acknowledged,
        acknowledgedAt: date(row.acknowledgedAt),
        retryCount: row.retryCount,
        lastRetryAt: date(row.lastRetryAt),
        status: row.status,
        delivered: row.delivered,
        version,
      })),
    )
    .onConflictDoUpdate({
      target: notificationLog.id,
      set: {
        acknowledged: sql`excluded.acknowledged`,
        acknowledgedAt: sql`excluded.acknowledged_at`,
        retryCount: sql`excluded.retry_count`,
        lastRetryAt: sql`excluded.last_retry_at`,
        status: sql`excluded.status`,
        delivered: sql`excluded.delivered`,
        version: sql`excluded.version`,
      },
      setWhere: sql`${notificationLog.version} < excluded.version`,
    });
}
