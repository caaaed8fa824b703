import { type EventType, NotificationFrame } from "@repo/notifications";
import { z } from "zod";
import { type AuditRow, auditRowOf } from "./audit-row";

export const Status = z.enum(["pending", "acked", "failed", "sent"]);
export type Status = z.infer<typeof Status>;

/** A notification as kept in the object's SQLite storage. */
export const StoredNotification = z.object({
  seq: z.number().int().positive(),
  id: z.string(),
  dedupeKey: z.string().nullable(),
  type: z.string(),
  data: z.string(),
  createdAt: z.number().int(),
  requiresAck: z.number().transform((value) => value === 1),
  status: Status,
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: z.number().int().nullable(),
  lastAttemptAt: z.number().int().nullable(),
  ackedAt: z.number().int().nullable(),
});
export type StoredNotification = z.infer<typeof StoredNotification>;

const OutboxEntry = z.object({ notificationId: z.string(), version: z.number().int(), row: z.string() });
export type OutboxEntry = { notificationId: string; version: number; row: AuditRow };

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS notifications (
     seq INTEGER PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     dedupe_key TEXT UNIQUE,
     type TEXT NOT NULL,
     data TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     requires_ack INTEGER NOT NULL,
     status TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER,
     last_attempt_at INTEGER,
     acked_at INTEGER
   )`,
  `CREATE INDEX IF NOT EXISTS notifications_pending ON notifications (status, next_attempt_at)`,
  `CREATE TABLE IF NOT EXISTS audit_outbox (
     notification_id TEXT PRIMARY KEY,
     version INTEGER NOT NULL,
     row TEXT NOT NULL
   )`,
];

const COLUMNS = `seq, id, dedupe_key AS dedupeKey, type, data, created_at AS createdAt, requires_ack AS requiresAck,
  status, attempts, next_attempt_at AS nextAttemptAt, last_attempt_at AS lastAttemptAt, acked_at AS ackedAt`;

export interface NewNotification {
  id: string;
  dedupeKey: string | null;
  type: EventType;
  data: unknown;
  createdAt: number;
  requiresAck: boolean;
  status: Status;
  attempts: number;
  nextAttemptAt: number | null;
  lastAttemptAt: number | null;
}

/**
 * Every durable fact of one user's object: notifications, the audit outbox and
 * a few counters. All methods are synchronous SQLite calls, so a caller's
 * sequence of them runs without interleaving and commits atomically with the
 * output gate.
 */
export class NotificationStore {
  constructor(
    private readonly sql: SqlStorage,
    private readonly transaction: <T>(fn: () => T) => T,
  ) {
    for (const statement of SCHEMA) this.sql.exec(statement);
  }

  getMeta(key: string): string | null {
    const row = this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0];
    return row?.value ?? null;
  }

  setMeta(key: string, value: string | null): void {
    if (value === null) this.sql.exec("DELETE FROM meta WHERE key = ?", key);
    else
      this.sql.exec(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        key,
        value,
      );
  }

  findByDedupeKey(dedupeKey: string): StoredNotification | null {
    return this.one(`SELECT ${COLUMNS} FROM notifications WHERE dedupe_key = ?`, dedupeKey);
  }

  findById(id: string): StoredNotification | null {
    return this.one(`SELECT ${COLUMNS} FROM notifications WHERE id = ?`, id);
  }

  /** Stores a new notification with the next seq and queues its audit row, in one transaction. */
  insert(userId: string, input: NewNotification): StoredNotification {
    return this.transaction(() => {
      const stored: StoredNotification = {
        ...input,
        seq: this.lastSeq() + 1,
        data: JSON.stringify(input.data),
        ackedAt: null,
      };
      this.setMeta("last_seq", String(stored.seq));
      this.sql.exec(
        `INSERT INTO notifications (seq, id, dedupe_key, type, data, created_at, requires_ack, status, attempts, next_attempt_at, last_attempt_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        stored.seq,
        stored.id,
        stored.dedupeKey,
        stored.type,
        stored.data,
        stored.createdAt,
        stored.requiresAck ? 1 : 0,
        stored.status,
        stored.attempts,
        stored.nextAttemptAt,
        stored.lastAttemptAt,
      );
      this.queueAudit(userId, stored);
      return stored;
    });
  }

  /** Applies `changes` to a notification read from this store and queues its new audit row, in one transaction. */
  update(
    userId: string,
    current: StoredNotification,
    changes: Partial<Pick<StoredNotification, "status" | "attempts" | "nextAttemptAt" | "lastAttemptAt" | "ackedAt">>,
  ): StoredNotification {
    return this.transaction(() => {
      const next = { ...current, ...changes };
      this.sql.exec(
        `UPDATE notifications SET status = ?, attempts = ?, next_attempt_at = ?, last_attempt_at = ?, acked_at = ? WHERE id = ?`,
        next.status,
        next.attempts,
        next.nextAttemptAt,
        next.lastAttemptAt,
        next.ackedAt,
        next.id,
      );
      this.queueAudit(userId, next);
      return next;
    });
  }

  /** Stored notifications after `seq`, oldest first: what a resuming client missed. */
  after(seq: number, limit: number): StoredNotification[] {
    return this.many(`SELECT ${COLUMNS} FROM notifications WHERE seq > ? ORDER BY seq LIMIT ?`, seq, limit);
  }

  lastSeq(): number {
    return Number(this.getMeta("last_seq") ?? "0");
  }

  /** Pending notifications in seq order: the ones a newly connected socket receives. */
  pending(): StoredNotification[] {
    return this.many(`SELECT ${COLUMNS} FROM notifications WHERE status = 'pending' ORDER BY seq`);
  }

  /** Pending notifications whose next round (or failure) is due at `now`. */
  due(now: number): StoredNotification[] {
    return this.many(
      `SELECT ${COLUMNS} FROM notifications WHERE status = 'pending' AND next_attempt_at IS NOT NULL AND next_attempt_at <= ? ORDER BY seq`,
      now,
    );
  }

  nextAttemptAt(): number | null {
    const row = this.sql
      .exec<{ at: number | null }>(
        "SELECT MIN(next_attempt_at) AS at FROM notifications WHERE status = 'pending' AND next_attempt_at IS NOT NULL",
      )
      .toArray()[0];
    return row?.at ?? null;
  }

  /**
   * Drops finished notifications beyond the history limits. Pending ones are
   * kept whatever their age or number: dropping one would lose it.
   */
  prune(now: number, limit: number, maxAgeMs: number): number {
    const lastSeq = this.lastSeq();
    const cursor = this.sql.exec(
      "DELETE FROM notifications WHERE status != 'pending' AND (seq <= ? OR created_at < ?)",
      lastSeq - limit,
      now - maxAgeMs,
    );
    return cursor.rowsWritten;
  }

  outboxSize(): number {
    const row = this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM audit_outbox").toArray()[0];
    return row?.n ?? 0;
  }

  /**
   * The oldest audit rows waiting for Postgres. A row that cannot be read back
   * could never be flushed and would hold up every row behind it: it is dropped
   * here and its id returned in `unreadable` for the caller to report.
   */
  outboxBatch(limit: number): { entries: OutboxEntry[]; unreadable: string[] } {
    const rows = this.sql
      .exec<{ rowid: number; notificationId: SqlStorageValue }>(
        "SELECT rowid, notification_id AS notificationId, version, row FROM audit_outbox ORDER BY rowid LIMIT ?",
        limit,
      )
      .toArray();
    const entries: OutboxEntry[] = [];
    const unreadable: string[] = [];
    for (const raw of rows) {
      const entry = OutboxEntry.safeParse(raw);
      const row = entry.success ? auditRowOf(entry.data.row) : null;
      if (entry.success && row) {
        entries.push({ notificationId: entry.data.notificationId, version: entry.data.version, row });
      } else {
        // Its id only: the row itself holds the notification's data, which never goes to the logs.
        unreadable.push(typeof raw.notificationId === "string" ? raw.notificationId : `rowid ${raw.rowid}`);
        this.sql.exec("DELETE FROM audit_outbox WHERE rowid = ?", raw.rowid);
      }
    }
    return { entries, unreadable };
  }

  /** Removes flushed entries, unless they changed again while the flush was in flight. */
  removeFromOutbox(entries: readonly OutboxEntry[]): void {
    this.transaction(() => {
      for (const entry of entries) {
        this.sql.exec(
          "DELETE FROM audit_outbox WHERE notification_id = ? AND version = ?",
          entry.notificationId,
          entry.version,
        );
      }
    });
  }

  private queueAudit(userId: string, stored: StoredNotification): void {
    const row = JSON.stringify(buildAuditRow(userId, stored));
    this.sql.exec(
      `INSERT INTO audit_outbox (notification_id, version, row) VALUES (?, 1, ?)
       ON CONFLICT (notification_id) DO UPDATE SET version = version + 1, row = excluded.row`,
      stored.id,
      row,
    );
  }

  private one(query: string, ...bindings: unknown[]): StoredNotification | null {
    return this.many(query, ...bindings)[0] ?? null;
  }

  private many(query: string, ...bindings: unknown[]): StoredNotification[] {
    return this.sql
      .exec(query, ...bindings)
      .toArray()
      .map((raw) => {
        const parsed = StoredNotification.safeParse(raw);
        if (!parsed.success) throw new Error(`unreadable notification row: ${z.prettifyError(parsed.error)}`);
        return parsed.data;
      });
  }
}

/** The wire frame of a stored notification: the same bytes for every round and every socket. */
export function frameOf(stored: StoredNotification): NotificationFrame {
  const parsed = NotificationFrame.safeParse({
    id: stored.id,
    seq: stored.seq,
    type: stored.type,
    timestamp: stored.createdAt,
    requiresAck: stored.requiresAck,
    data: JSON.parse(stored.data),
  });
  if (!parsed.success) throw new Error(`stored notification ${stored.id} is not a valid frame`);
  return parsed.data;
}

export function buildAuditRow(userId: string, stored: StoredNotification): AuditRow {
  return {
    id: stored.id,
    userId,
    eventType: stored.type,
    payload: frameOf(stored),
    sentAt: stored.createdAt,
    acknowledged: stored.status === "acked",
    acknowledgedAt: stored.ackedAt,
    retryCount: Math.max(0, stored.attempts - 1),
    lastRetryAt: stored.attempts > 1 ? stored.lastAttemptAt : null,
    status: stored.status,
  };
}
