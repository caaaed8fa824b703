import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { notificationLog } from "../db/schema";
import type { AuditRow } from "./audit-row";

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

/**
 * Writes audit rows to Postgres as one upsert keyed by notification id, so a
 * batch written twice (a flush retried after a timeout) leaves one row with
 * the latest state.
 */
export async function upsertAuditRows(db: Db, rows: readonly AuditRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insert(notificationLog)
    .values(
      rows.map((row) => ({
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
      },
    });
}

/** The delay before the next flush after `failures` failed ones in a row: doubling, capped, never zero. */
export function flushBackoffMs(failures: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(failures, 20));
}
