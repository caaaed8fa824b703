import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { notificationLog } from "../db/schema";
import type { AuditRow } from "./audit-row";

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

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

/** The shortest wait between two flush attempts, whatever the dice say. */
export const MIN_FLUSH_BACKOFF_MS = 50;

/**
 * The delay before the next flush after `failures` failed ones in a row: full
 * jitter, uniform in [floor, min(max, base × 2^failures)], so objects that
 * failed together (Postgres down for everyone) do not all retry together.
 */
export function flushBackoffMs(failures: number, baseMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(failures, 20));
  return Math.max(MIN_FLUSH_BACKOFF_MS, Math.round(random() * ceiling));
}
