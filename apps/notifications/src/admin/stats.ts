import { z } from "zod";
import type { Db } from "../db/client";
import {
  ackLatencyQuery,
  auditBacklogQuery,
  countsByTypeQuery,
  openConnectionsQuery,
  seriesQuery,
} from "./stats-queries";

export const StatsQuery = z.object({
  windowSeconds: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 24 * 3600)
    .default(3600),
});

export const SeriesQuery = StatsQuery.extend({
  buckets: z.coerce.number().int().min(1).max(200).default(30),
});

const count = z.coerce.number().int();
const ms = z.coerce.number().nullable();
const CountsRow = z.object({
  type: z.string(),
  published: count,
  delivered: count,
  acked: count,
  failed: count,
  muted: count,
  needingAck: count,
});
const LatencyRow = z.object({ p50: ms, p95: ms });
const ConnectionsRow = z.object({ open: count, users: count });
const BacklogRow = z.object({ waiting: count });
const SeriesRow = z.object({ at: count, published: count, acked: count, failed: count, p50: ms, p95: ms });

export interface Stats {
  windowSeconds: number;
  published: number;
  delivered: number;
  acked: number;
  failed: number;
  muted: number;
  /** acked / the notifications that needed an ack (pending, acked or failed); null when none did. */
  ackRate: number | null;
  ackLatencyMs: { p50: number | null; p95: number | null };
  byType: Record<string, { published: number; acked: number; failed: number }>;
  connections: { open: number; users: number };
  auditBacklog: number;
}

export interface SeriesPoint {
  /** The bucket's start, ms since the epoch. */
  at: number;
  published: number;
  acked: number;
  failed: number;
  ackLatencyMs: { p50: number | null; p95: number | null };
}

const round = (value: number | null) => (value === null ? null : Math.round(value));

async function rows<T>(db: Db, query: Parameters<Db["execute"]>[0], schema: z.ZodType<T>): Promise<T[]> {
  const result = await db.execute(query);
  return z.array(schema).parse([...result]);
}

/** The figures of design §5.0.1 over the `windowSeconds` up to `now`, both ends included. */
export async function readStats(db: Db, windowSeconds: number, now: number, staleMs: number): Promise<Stats> {
  const since = new Date(now - windowSeconds * 1000);
  const until = new Date(now);
  const [counts, latency, connections, backlog] = await Promise.all([
    rows(db, countsByTypeQuery(since, until), CountsRow),
    rows(db, ackLatencyQuery(since, until), LatencyRow),
    rows(db, openConnectionsQuery(new Date(now - staleMs), until), ConnectionsRow),
    rows(db, auditBacklogQuery(), BacklogRow),
  ]);
  const total = { published: 0, delivered: 0, acked: 0, failed: 0, muted: 0, needingAck: 0 };
  const byType: Stats["byType"] = {};
  for (const row of counts) {
    total.published += row.published;
    total.delivered += row.delivered;
    total.acked += row.acked;
    total.failed += row.failed;
    total.muted += row.muted;
    total.needingAck += row.needingAck;
    byType[row.type] = { published: row.published, acked: row.acked, failed: row.failed };
  }
  return {
    windowSeconds,
    published: total.published,
    delivered: total.delivered,
    acked: total.acked,
    failed: total.failed,
    muted: total.muted,
    ackRate: total.needingAck === 0 ? null : total.acked / total.needingAck,
    ackLatencyMs: { p50: round(latency[0]?.p50 ?? null), p95: round(latency[0]?.p95 ?? null) },
    byType,
    connections: connections[0] ?? { open: 0, users: 0 },
    auditBacklog: backlog[0]?.waiting ?? 0,
  };
}

/** The window cut into `buckets` equal buckets, oldest first, empty ones included. */
export async function readSeries(db: Db, windowSeconds: number, buckets: number, now: number): Promise<SeriesPoint[]> {
  const bucketSeconds = Math.ceil(windowSeconds / buckets);
  const since = new Date(now - bucketSeconds * buckets * 1000);
  const found = new Map(
    (await rows(db, seriesQuery(since, new Date(now), bucketSeconds), SeriesRow)).map((row) => [row.at, row] as const),
  );
  return Array.from({ length: buckets }, (_, index) => {
    const at = since.getTime() + index * bucketSeconds * 1000;
    const row = found.get(at);
    return {
      at,
      published: row?.published ?? 0,
      acked: row?.acked ?? 0,
      failed: row?.failed ?? 0,
      ackLatencyMs: { p50: round(row?.p50 ?? null), p95: round(row?.p95 ?? null) },
    };
  });
}
