import { type SQL, sql } from "drizzle-orm";

/*
 * The operators' figures (design §5.0.1) as SQL, one statement each, over
 * `notification_log`, `connection_log` and `object_backlog`. Written with
 * drizzle's `sql` alone (no schema import) so that `pnpm bench:stats` times
 * exactly these statements from Node. Each has an index (db/schema.ts).
 */

const at = (date: Date) => sql`${date.toISOString()}::timestamptz`;

/** Per event type, over notifications published in [since, until]: the counts of the stats answer. */
export function countsByTypeQuery(since: Date, until: Date): SQL {
  return sql`SELECT event_type AS "type",
      count(*)::int AS "published",
      (count(*) FILTER (WHERE delivered))::int AS "delivered",
      (count(*) FILTER (WHERE status = 'acked'))::int AS "acked",
      (count(*) FILTER (WHERE status = 'failed'))::int AS "failed",
      (count(*) FILTER (WHERE status = 'muted'))::int AS "muted",
      (count(*) FILTER (WHERE status IN ('pending', 'acked', 'failed')))::int AS "needingAck"
    FROM notification_log WHERE sent_at >= ${at(since)} AND sent_at <= ${at(until)}
    GROUP BY event_type ORDER BY event_type`;
}

/** Ack latency percentiles (ms) of the notifications published in [since, until] and acknowledged. */
export function ackLatencyQuery(since: Date, until: Date): SQL {
  return sql`SELECT
      percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS "p50",
      percentile_cont(0.95) WITHIN GROUP (ORDER BY ms) AS "p95"
    FROM (SELECT extract(epoch FROM acknowledged_at - sent_at) * 1000 AS ms
          FROM notification_log
          WHERE status = 'acked' AND sent_at >= ${at(since)} AND sent_at <= ${at(until)}
            AND acknowledged_at IS NOT NULL) AS acked`;
}

/**
 * Open connections and distinct connected users at `until`: rows not closed,
 * opened by then, and seen since `seenSince` (the stale bound).
 */
export function openConnectionsQuery(seenSince: Date, until: Date): SQL {
  return sql`SELECT count(*)::int AS "open", count(DISTINCT user_id)::int AS "users"
    FROM connection_log
    WHERE disconnected_at IS NULL AND last_seen_at >= ${at(seenSince)} AND connected_at <= ${at(until)}`;
}

/** Audit rows waiting in every object's outbox, as last reported by each object. */
export function auditBacklogQuery(): SQL {
  return sql`SELECT coalesce(sum(waiting), 0)::int AS "waiting" FROM object_backlog`;
}

/**
 * Published, acked, failed and ack latency per bucket of `bucketSeconds` in
 * [since, until), buckets aligned on `since` (half-open, so none spills past the last).
 */
export function seriesQuery(since: Date, until: Date, bucketSeconds: number): SQL {
  return sql`SELECT
      (extract(epoch FROM date_bin(${`${bucketSeconds} seconds`}::interval, sent_at, ${at(since)})) * 1000)::bigint AS "at",
      count(*)::int AS "published",
      (count(*) FILTER (WHERE status = 'acked'))::int AS "acked",
      (count(*) FILTER (WHERE status = 'failed'))::int AS "failed",
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - sent_at) * 1000)
        FILTER (WHERE status = 'acked' AND acknowledged_at IS NOT NULL) AS "p50",
      percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - sent_at) * 1000)
        FILTER (WHERE status = 'acked' AND acknowledged_at IS NOT NULL) AS "p95"
    FROM notification_log WHERE sent_at >= ${at(since)} AND sent_at < ${at(until)}
    GROUP BY 1 ORDER BY 1`;
}
