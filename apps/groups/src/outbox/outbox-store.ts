import { PublishInput } from "@repo/notifications";
import { z } from "zod";
import { Relation } from "../directory/relation";

/** A message the group object owes someone else: a notification to publish, or a directory update. */
export type OutboxMessage =
  | { kind: "notification"; recipientId: string; input: PublishInput }
  | { kind: "directory"; recipientId: string; relation: Relation };

export type OutboxKind = OutboxMessage["kind"];
export type OutboxEntry = OutboxMessage & { id: number; orderKey: string; attempts: number };

const Row = z.object({
  id: z.number().int(),
  kind: z.enum(["notification", "directory"]),
  recipient: z.string(),
  payload: z.string(),
  attempts: z.number().int().nonnegative(),
});

/** The tables as schema step 1 created them; later steps are in the class's schema.ts. */
export const OUTBOX_TABLES = [
  // AUTOINCREMENT: ids are never reused, so they can serve as versions after their rows are gone.
  `CREATE TABLE IF NOT EXISTS outbox (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     kind TEXT NOT NULL,
     recipient TEXT NOT NULL,
     payload TEXT NOT NULL,
     created_at INTEGER NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER NOT NULL,
     last_error TEXT
   )`,
  `CREATE INDEX IF NOT EXISTS outbox_due ON outbox (next_attempt_at)`,
];

/** Dead letters kept per group: enough to investigate a bad deploy, bounded against a flood. */
export const DEAD_LETTER_LIMIT = 1_000;

function parsePayload(row: z.infer<typeof Row>): OutboxMessage | null {
  let json: unknown;
  try {
    json = JSON.parse(row.payload);
  } catch {
    return null;
  }
  if (row.kind === "notification") {
    const input = PublishInput.safeParse(json);
    return input.success ? { kind: "notification", recipientId: row.recipient, input: input.data } : null;
  }
  const relation = Relation.safeParse(json);
  return relation.success ? { kind: "directory", recipientId: row.recipient, relation: relation.data } : null;
}

/**
 * The group object's outbox in its SQLite storage. `add` is called inside the
 * transaction that changes the group, so a change and the messages it owes
 * commit together or not at all; entries leave the table only once their
 * receiver has accepted them.
 */
export class OutboxStore {
  constructor(private readonly sql: SqlStorage) {}

  add(message: OutboxMessage, now: number): void {
    const payload = message.kind === "notification" ? message.input : message.relation;
    this.sql.exec(
      "INSERT INTO outbox (kind, recipient, payload, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)",
      message.kind,
      message.recipientId,
      JSON.stringify(payload),
      now,
      now,
    );
  }

  /**
   * Up to `limit` entries (of `kind`, or of any kind) due at `now`, oldest
   * first, leaving out `skip`; entries that no longer parse come back as
   * `unreadable`.
   */
  due(
    now: number,
    limit: number,
    skip: ReadonlySet<number>,
    kind?: OutboxKind,
  ): { entries: OutboxEntry[]; unreadable: number[] } {
    const rows = this.sql
      .exec(
        `SELECT id, kind, recipient, payload, attempts FROM outbox
         WHERE next_attempt_at <= ? AND kind = COALESCE(?, kind) ORDER BY id LIMIT ?`,
        now,
        kind ?? null,
        limit + skip.size,
      )
      .toArray();
    const entries: OutboxEntry[] = [];
    const unreadable: number[] = [];
    for (const raw of rows) {
      if (entries.length >= limit) break;
      const row = Row.safeParse(raw);
      if (!row.success) {
        const id = z.object({ id: z.number().int() }).safeParse(raw);
        if (id.success) unreadable.push(id.data.id);
        continue;
      }
      if (skip.has(row.data.id)) continue;
      const message = parsePayload(row.data);
      if (message === null) unreadable.push(row.data.id);
      else
        entries.push({
          ...message,
          id: row.data.id,
          orderKey: `${row.data.kind}:${row.data.recipient}`,
          attempts: row.data.attempts,
        });
    }
    return { entries, unreadable };
  }

  remove(ids: readonly number[]): void {
    for (const id of ids) this.sql.exec("DELETE FROM outbox WHERE id = ?", id);
  }

  /** Records a failed attempt: one more failure, and when to try again. */
  recordFailure(id: number, nextAttemptAt: number, error: string): void {
    this.sql.exec(
      "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?",
      nextAttemptAt,
      error.slice(0, 500),
      id,
    );
  }

  /**
   * Moves entries out of the outbox into the dead-letter table, with why, in
   * the caller's transaction; the oldest dead letters beyond
   * DEAD_LETTER_LIMIT go, so a stream of bad entries cannot grow the object
   * without bound. Works on rows that no longer parse, too.
   */
  deadLetter(ids: readonly number[], error: string, now: number): void {
    for (const id of ids) {
      this.sql.exec(
        `INSERT INTO outbox_dead_letter (id, kind, recipient, payload, created_at, attempts, error, dead_at)
         SELECT id, kind, recipient, payload, created_at, attempts, ?, ? FROM outbox WHERE id = ?`,
        error.slice(0, 500),
        now,
        id,
      );
      this.sql.exec("DELETE FROM outbox WHERE id = ?", id);
    }
    this.sql.exec(
      `DELETE FROM outbox_dead_letter WHERE id NOT IN
         (SELECT id FROM outbox_dead_letter ORDER BY id DESC LIMIT ?)`,
      DEAD_LETTER_LIMIT,
    );
  }

  /** Moves an entry that waits behind a failed one to that one's next attempt, without counting a failure. */
  postpone(id: number, nextAttemptAt: number): void {
    this.sql.exec("UPDATE outbox SET next_attempt_at = MAX(next_attempt_at, ?) WHERE id = ?", nextAttemptAt, id);
  }

  /** When the earliest entry outside `skip` is due, or null when there is none. */
  nextAttemptAt(skip: ReadonlySet<number>): number | null {
    const ids = [...skip];
    const placeholders = ids.map(() => "?").join(", ");
    const row = this.sql
      .exec(
        `SELECT MIN(next_attempt_at) AS at FROM outbox${ids.length > 0 ? ` WHERE id NOT IN (${placeholders})` : ""}`,
        ...ids,
      )
      .one();
    const parsed = z.object({ at: z.number().int().nullable() }).safeParse(row);
    return parsed.success ? parsed.data.at : null;
  }
}
