import { migrateSchema } from "@repo/do-utils";
import { type EventType, NotificationFrame } from "@repo/notifications";
import { z } from "zod";
import { log } from "../log";
import { type AuditRow, auditRowOf } from "./audit-row";
import { NOTIFICATIONS_BASELINE, NOTIFICATIONS_SCHEMA } from "./sqlite-schema";

export const Status = z.enum(["pending", "acked", "failed", "sent", "muted"]);
export type Status = z.infer<typeof Status>;

/** A notification as kept in the object's SQLite storage. */
export const StoredNotification = z.object({
  seq: z.number().int().positive(),
  id: z.string(),
  type: z.string(),
  data: z.string(),
  createdAt: z.number().int(),
  requiresAck: z.number().transform((value) => value === 1),
  status: Status,
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: z.number().int().nullable(),
  lastAttemptAt: z.number().int().nullable(),
  ackedAt: z.number().int().nullable(),
  /** When the user read it (§4.1); null while unread. */
  readAt: z.number().int().nullable(),
  /** One more for every change; the audit log keeps only the newest (design §6.1). */
  version: z.number().int().nonnegative(),
});
export type StoredNotification = z.infer<typeof StoredNotification>;

const OutboxEntry = z.object({ notificationId: z.string(), version: z.number().int(), row: z.string() });
export type OutboxEntry = { notificationId: string; version: number; row: AuditRow };

const DedupeEntry = z.object({ notificationId: z.string(), seq: z.number().int(), fingerprint: z.string().nullable() });
export type DedupeEntry = z.infer<typeof DedupeEntry>;

const COLUMNS = `seq, id, type, data, created_at AS createdAt, requires_ack AS requiresAck, status, attempts,
  next_attempt_at AS nextAttemptAt, last_attempt_at AS lastAttemptAt, acked_at AS ackedAt, read_at AS readAt, version`;

export interface NewNotification {
  id: string;
  type: EventType;
  data: unknown;
  createdAt: number;
  requiresAck: boolean;
  status: Status;
  attempts: number;
  nextAttemptAt: number | null;
  lastAttemptAt: number | null;
}

export type NotificationChanges = Partial<
  Pick<StoredNotification, "status" | "attempts" | "nextAttemptAt" | "lastAttemptAt" | "ackedAt">
>;

/**
 * Every durable fact of one user's object: notifications, dedupe keys, the
 * audit outbox and a few counters. All methods are synchronous SQLite calls,
 * so a caller's sequence of them runs without interleaving and commits
 * atomically with the output gate.
 *
 * Reads go one row at a time: a row that no longer parses (a schema tightened
 * by a deploy, a bug) is moved to `failed` and left out, never thrown, so it
 * cannot stop the rows around it (see `quarantine`).
 */
export class NotificationStore {
  /**
   * The meta rows as last read or written: every meta access goes through this
   * store, so a publish reads its counters from memory. Forgotten when a
   * transaction rolls back.
   */
  private readonly meta = new Map<string, string | null>();
  /**
   * An upper bound of the outbox's rows (null: unknown), so that bounding it
   * costs no query per publish: one more per queued row, recounted after
   * anything removes rows.
   */
  private outboxAtMost: number | null = null;
  /** The newest seq (`lastSeq`); null until read. */
  private newestSeq: number | null = null;

  constructor(
    private readonly sql: SqlStorage,
    private readonly transactionSync: <T>(fn: () => T) => T,
  ) {
    const schema = migrateSchema({ sql, transactionSync }, NOTIFICATIONS_SCHEMA, {
      baseline: NOTIFICATIONS_BASELINE,
    });
    // Storage newer than this code (a rolled-back deploy) is served as it is, and said so.
    if (schema.from !== schema.to) log(schema.from < schema.to ? "schema_migrated" : "schema_ahead", { ...schema });
  }

  getMeta(key: string): string | null {
    const known = this.meta.get(key);
    if (known !== undefined) return known;
    const row = this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0];
    const value = row?.value ?? null;
    this.meta.set(key, value);
    return value;
  }

  setMeta(key: string, value: string | null): void {
    if (value === this.meta.get(key)) return;
    if (value === null) this.sql.exec("DELETE FROM meta WHERE key = ?", key);
    else
      this.sql.exec(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        key,
        value,
      );
    this.meta.set(key, value);
  }

  findDedupe(key: string): DedupeEntry | null {
    const raw = this.sql
      .exec("SELECT notification_id AS notificationId, seq, fingerprint FROM dedupe_keys WHERE key = ?", key)
      .toArray()[0];
    const parsed = DedupeEntry.safeParse(raw);
    return parsed.success ? parsed.data : null;
  }

  findById(userId: string, id: string): StoredNotification | null {
    return this.read(userId, `SELECT ${COLUMNS} FROM notifications WHERE id = ?`, id)[0] ?? null;
  }

  /**
   * Stores a new notification with the next seq, its dedupe key if any, and
   * its audit row, in one transaction. Its frame is built from `input` as it
   * is, without validating it again: `input` is a publish the caller validated.
   */
  insert(
    userId: string,
    input: NewNotification,
    dedupe: { key: string; fingerprint: string } | null,
  ): StoredNotification {
    const stored = this.transaction(() => {
      const stored: StoredNotification = {
        ...input,
        seq: this.lastSeq() + 1,
        data: JSON.stringify(input.data),
        ackedAt: null,
        readAt: null,
        version: 1,
      };
      // The key order of a frame validated by NotificationFrame, so a live frame and its replay are the same text.
      const frame = {
        type: input.type,
        data: input.data,
        id: stored.id,
        seq: stored.seq,
        timestamp: stored.createdAt,
        requiresAck: stored.requiresAck,
      } as NotificationFrame;
      frames.set(stored, frame);
      this.sql.exec(
        `INSERT INTO notifications (seq, id, type, data, created_at, requires_ack, status, attempts, next_attempt_at, last_attempt_at, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        stored.seq,
        stored.id,
        stored.type,
        stored.data,
        stored.createdAt,
        stored.requiresAck ? 1 : 0,
        stored.status,
        stored.attempts,
        stored.nextAttemptAt,
        stored.lastAttemptAt,
        stored.version,
      );
      if (dedupe) {
        this.sql.exec(
          "INSERT INTO dedupe_keys (key, notification_id, seq, fingerprint, created_at) VALUES (?, ?, ?, ?, ?)",
          dedupe.key,
          stored.id,
          stored.seq,
          dedupe.fingerprint,
          stored.createdAt,
        );
      }
      this.queueAudit(stored.id, stored.version, JSON.stringify(buildAuditRow(userId, stored)));
      return stored;
    });
    // Only once the transaction committed: a rolled-back insert takes no seq.
    this.newestSeq = stored.seq;
    return stored;
  }

  /** Applies `changes` to a notification read from this store and queues its new audit row, in one transaction. */
  update(userId: string, current: StoredNotification, changes: NotificationChanges): StoredNotification {
    return this.transaction(() => {
      const next = { ...current, ...changes, version: current.version + 1 };
      // What a frame is made of never changes: the new row keeps the frame of the old one.
      const frame = frames.get(current);
      if (frame) frames.set(next, frame);
      this.sql.exec(
        `UPDATE notifications SET status = ?, attempts = ?, next_attempt_at = ?, last_attempt_at = ?, acked_at = ?, version = ? WHERE seq = ?`,
        next.status,
        next.attempts,
        next.nextAttemptAt,
        next.lastAttemptAt,
        next.ackedAt,
        next.version,
        next.seq,
      );
      this.queueAudit(next.id, next.version, JSON.stringify(buildAuditRow(userId, next)));
      return next;
    });
  }

  /** Stored notifications after `seq`, oldest first: what a resuming client missed. */
  after(userId: string, seq: number, limit: number): StoredNotification[] {
    return this.read(userId, `SELECT ${COLUMNS} FROM notifications WHERE seq > ? ORDER BY seq LIMIT ?`, seq, limit);
  }

  /**
   * The seq of the `limit`-th stored notification after `seq`, readable or
   * not, or null when fewer are kept: where a resume page that starts after
   * `seq` ends, so that the client continues from there.
   */
  pageEnd(seq: number, limit: number): number | null {
    const row = this.sql
      .exec<{ seq: number }>(
        "SELECT seq FROM notifications WHERE seq > ? ORDER BY seq LIMIT 1 OFFSET ?",
        seq,
        limit - 1,
      )
      .toArray()[0];
    return row?.seq ?? null;
  }

  /**
   * Marks read, at `now`, the unread ones among `ids` (unknown ids are
   * ignored) or every unread one up to `upToSeq`. Muted ones are never unread,
   * so they are left alone. Returns how many changed; marking twice changes nothing.
   */
  markRead(request: { ids: readonly string[] } | { upToSeq: number }, now: number): number {
    if ("ids" in request) {
      if (request.ids.length === 0) return 0;
      return this.sql.exec(
        `UPDATE notifications SET read_at = ? WHERE read_at IS NULL AND status != 'muted'
           AND id IN (SELECT value FROM json_each(?))`,
        now,
        JSON.stringify(request.ids),
      ).rowsWritten;
    }
    return this.sql.exec(
      "UPDATE notifications SET read_at = ? WHERE read_at IS NULL AND status != 'muted' AND seq <= ?",
      now,
      request.upToSeq,
    ).rowsWritten;
  }

  /** The user's unread count: a COUNT over the partial index of unread rows (schema step 4). */
  unreadCount(): number {
    return this.sql
      .exec<{ n: number }>("SELECT COUNT(*) AS n FROM notifications WHERE read_at IS NULL AND status != 'muted'")
      .one().n;
  }

  /**
   * A page of kept notifications before `before` (from the newest when null),
   * newest first, and the cursor of the next page: null when none is older.
   */
  history(
    userId: string,
    before: number | null,
    limit: number,
  ): { items: StoredNotification[]; nextBefore: number | null } {
    const upper = before ?? Number.MAX_SAFE_INTEGER;
    const seqs = this.sql
      .exec<{ seq: number }>("SELECT seq FROM notifications WHERE seq < ? ORDER BY seq DESC LIMIT ?", upper, limit)
      .toArray()
      .map((row) => row.seq);
    const oldest = seqs.at(-1);
    if (oldest === undefined) return { items: [], nextBefore: null };
    // The cursor is the oldest seq of the page, readable or not: a row left out never ends the paging early.
    const items = this.read(
      userId,
      `SELECT ${COLUMNS} FROM notifications WHERE seq < ? AND seq >= ? ORDER BY seq DESC`,
      upper,
      oldest,
    );
    const older = this.sql.exec("SELECT 1 FROM notifications WHERE seq < ? LIMIT 1", oldest).toArray().length > 0;
    return { items, nextBefore: older ? oldest : null };
  }

  /**
   * The newest seq: the highest stored one (prune always keeps it), or the
   * `last_seq` meta row that objects wrote on every publish before, if higher
   * (their newest row may have been pruned since). Read once per instance.
   */
  lastSeq(): number {
    if (this.newestSeq === null) {
      const stored = this.sql.exec<{ seq: number | null }>("SELECT MAX(seq) AS seq FROM notifications").one().seq;
      this.newestSeq = Math.max(stored ?? 0, Number(this.getMeta("last_seq") ?? "0"));
    }
    return this.newestSeq;
  }

  /** The oldest `limit` pending notifications: what a newly connected socket receives in its connect event. */
  pending(userId: string, limit: number): StoredNotification[] {
    return this.read(
      userId,
      `SELECT ${COLUMNS} FROM notifications WHERE status = 'pending' ORDER BY seq LIMIT ?`,
      limit,
    );
  }

  /**
   * Makes every pending notification that waits for a socket due at `now`, so
   * the alarm gives each its round while a socket is open: the ones a bounded
   * reconnect delivery left out.
   */
  wakeWaiting(now: number): number {
    return this.sql.exec(
      "UPDATE notifications SET next_attempt_at = ? WHERE status = 'pending' AND next_attempt_at IS NULL",
      now,
    ).rowsWritten;
  }

  /** The oldest `limit` pending notifications whose next round (or failure) is due at `now`. */
  due(userId: string, now: number, limit: number): StoredNotification[] {
    return this.read(
      userId,
      `SELECT ${COLUMNS} FROM notifications WHERE status = 'pending' AND next_attempt_at IS NOT NULL AND next_attempt_at <= ? ORDER BY seq LIMIT ?`,
      now,
      limit,
    );
  }

  /**
   * The pending notifications beyond the newest `cap`, oldest first. Walks at
   * most `cap` + 1 index entries; run only when a pending one was added.
   */
  pendingBeyond(userId: string, cap: number): StoredNotification[] {
    return this.read(
      userId,
      `SELECT ${COLUMNS} FROM notifications WHERE status = 'pending' AND seq <=
         (SELECT seq FROM notifications WHERE status = 'pending' ORDER BY seq DESC LIMIT 1 OFFSET ?)
       ORDER BY seq`,
      cap,
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
   * Drops finished notifications beyond the history limits, and dedupe keys
   * older than their retention. Pending notifications are kept whatever their
   * age or number: dropping one would lose it.
   */
  prune(now: number, limits: { historyLimit: number; historyMaxAgeMs: number; dedupeRetentionMs: number }): void {
    // Never the newest row: its seq is where the next one counts on from (`lastSeq`).
    const newest = this.lastSeq();
    this.sql.exec(
      "DELETE FROM notifications WHERE status != 'pending' AND seq < ? AND (seq <= ? OR created_at < ?)",
      newest,
      newest - limits.historyLimit,
      now - limits.historyMaxAgeMs,
    );
    this.sql.exec("DELETE FROM dedupe_keys WHERE created_at < ?", now - limits.dedupeRetentionMs);
  }

  /**
   * An upper bound of the outbox's size from its rowids, without a COUNT(*):
   * rows are appended at the end and removed from the front, so the span is
   * exact unless a row changed while its flush was in flight.
   */
  outboxSpan(): number {
    const row = this.sql
      .exec<{ low: number | null; high: number | null }>(
        "SELECT MIN(rowid) AS low, MAX(rowid) AS high FROM audit_outbox",
      )
      .one();
    return row.low === null || row.high === null ? 0 : row.high - row.low + 1;
  }

  outboxSize(): number {
    return this.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM audit_outbox").one().n;
  }

  /**
   * Keeps the outbox at `max` rows at most: the oldest ones beyond it move to
   * `audit_dead_letter`, where an operator can still read them, itself kept
   * to the newest `max` rows. Returns how many moved and how many dead letters were dropped.
   */
  boundOutbox(max: number, now: number): { moved: number; dropped: number } {
    const none = { moved: 0, dropped: 0 };
    if (this.outboxAtMost !== null && this.outboxAtMost <= max) return none;
    this.outboxAtMost = this.outboxSpan();
    if (this.outboxAtMost <= max) return none;
    const excess = this.outboxSize() - max;
    if (excess <= 0) return none;
    this.outboxAtMost = null;
    return this.transaction(() => {
      this.sql.exec(
        `INSERT INTO audit_dead_letter (notification_id, version, row, dead_at)
         SELECT notification_id, version, row, ? FROM audit_outbox ORDER BY rowid LIMIT ?`,
        now,
        excess,
      );
      this.sql.exec(
        "DELETE FROM audit_outbox WHERE rowid IN (SELECT rowid FROM audit_outbox ORDER BY rowid LIMIT ?)",
        excess,
      );
      const dropped = this.sql.exec(
        "DELETE FROM audit_dead_letter WHERE rowid <= (SELECT MAX(rowid) FROM audit_dead_letter) - ?",
        max,
      ).rowsWritten;
      return { moved: excess, dropped };
    });
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
        this.outboxAtMost = null;
      }
    }
    return { entries, unreadable };
  }

  /** Removes flushed entries, unless they changed again while the flush was in flight. */
  removeFromOutbox(entries: readonly OutboxEntry[]): void {
    this.outboxAtMost = null;
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

  /**
   * Moves the notification `seq` to `failed` without reading it through its
   * schema: what is done with a row that no longer parses, or whose handling
   * threw. Its audit row is built from the stored columns as they are.
   * A finished row (acked, sent, failed) keeps its status: its audit row
   * already holds that final state, and it is only left out of what is sent.
   * Returns false when there was nothing to do, so the caller logs each bad row once.
   */
  quarantine(userId: string, seq: number): boolean {
    const raw = this.sql
      .exec<Record<string, SqlStorageValue>>(
        `SELECT id, type, data, created_at AS createdAt, requires_ack AS requiresAck, status, attempts,
           last_attempt_at AS lastAttemptAt, version FROM notifications WHERE seq = ?`,
        seq,
      )
      .toArray()[0];
    if (!raw || raw.status === "failed" || raw.status === "acked" || raw.status === "sent" || raw.status === "muted")
      return false;
    return this.transaction(() => {
      const version = (typeof raw.version === "number" ? raw.version : 0) + 1;
      this.sql.exec(
        "UPDATE notifications SET status = 'failed', next_attempt_at = NULL, version = ? WHERE seq = ?",
        version,
        seq,
      );
      const id = String(raw.id);
      const attempts = typeof raw.attempts === "number" ? raw.attempts : 0;
      const createdAt = typeof raw.createdAt === "number" ? raw.createdAt : 0;
      const row: AuditRow = {
        id,
        userId,
        eventType: String(raw.type),
        payload: {
          id,
          seq,
          type: raw.type,
          timestamp: createdAt,
          requiresAck: raw.requiresAck === 1,
          data: jsonOrText(raw.data),
        },
        sentAt: createdAt,
        acknowledged: false,
        acknowledgedAt: null,
        retryCount: Math.max(0, attempts - 1),
        lastRetryAt: attempts > 1 && typeof raw.lastAttemptAt === "number" ? raw.lastAttemptAt : null,
        status: "failed",
        delivered: attempts > 0,
      };
      this.queueAudit(id, version, JSON.stringify(row));
      return true;
    });
  }

  private queueAudit(notificationId: string, version: number, row: string): void {
    if (this.outboxAtMost !== null) this.outboxAtMost += 1;
    this.sql.exec(
      `INSERT INTO audit_outbox (notification_id, version, row) VALUES (?, ?, ?)
       ON CONFLICT (notification_id) DO UPDATE SET version = excluded.version, row = excluded.row`,
      notificationId,
      version,
      row,
    );
  }

  /**
   * Runs `fn` in one SQLite transaction. If it throws, the transaction is
   * rolled back and so is what this store remembers of its rows.
   */
  private transaction<T>(fn: () => T): T {
    try {
      return this.transactionSync(fn);
    } catch (error) {
      this.meta.clear();
      this.outboxAtMost = null;
      this.newestSeq = null;
      throw error;
    }
  }

  private read(userId: string, query: string, ...bindings: unknown[]): StoredNotification[] {
    const rows: StoredNotification[] = [];
    // Read whole before handling: quarantining a row runs statements of its own.
    for (const raw of this.sql.exec(query, ...bindings).toArray()) {
      const parsed = StoredNotification.safeParse(raw);
      if (parsed.success && frameOf(parsed.data) !== null) {
        rows.push(parsed.data);
        continue;
      }
      const seq = raw.seq;
      if (typeof seq === "number" && this.quarantine(userId, seq)) {
        // The id only: the row holds the notification's data, which never goes to the logs.
        log("notification_unreadable", { userId, id: typeof raw.id === "string" ? raw.id : null, seq });
      }
    }
    return rows;
  }
}

function jsonOrText(value: SqlStorageValue | undefined): unknown {
  if (typeof value !== "string") return null;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * The frame of each notification object this store wrote or validated: a row
 * is parsed once per read, and a publish's frame is never parsed at all.
 */
const frames = new WeakMap<StoredNotification, NotificationFrame>();

/** The wire frame of a stored notification (the same bytes for every round and every socket), or null if it is not a valid one. */
export function frameOf(stored: StoredNotification): NotificationFrame | null {
  const known = frames.get(stored);
  if (known) return known;
  let data: unknown;
  try {
    data = JSON.parse(stored.data);
  } catch {
    return null;
  }
  const parsed = NotificationFrame.safeParse({
    id: stored.id,
    seq: stored.seq,
    type: stored.type,
    timestamp: stored.createdAt,
    requiresAck: stored.requiresAck,
    data,
  });
  if (!parsed.success) return null;
  frames.set(stored, parsed.data);
  return parsed.data;
}

export function buildAuditRow(userId: string, stored: StoredNotification): AuditRow {
  return {
    id: stored.id,
    userId,
    eventType: stored.type,
    payload: frameOf(stored) ?? {},
    sentAt: stored.createdAt,
    acknowledged: stored.status === "acked",
    acknowledgedAt: stored.ackedAt,
    retryCount: Math.max(0, stored.attempts - 1),
    lastRetryAt: stored.attempts > 1 ? stored.lastAttemptAt : null,
    status: stored.status,
    delivered: stored.attempts > 0,
  };
}
