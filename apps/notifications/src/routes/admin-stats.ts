import type { Context } from "hono";
import { readSeries, readStats, SeriesQuery, StatsQuery } from "../admin/stats";
import { readConfig } from "../config";
import { createDb } from "../db/client";

const QUERY_TIMEOUT_SECONDS = 5;

/** `GET /admin/stats?windowSeconds=3600` (design §5.0.1). */
export async function stats(c: Context<{ Bindings: Env }>) {
  const query = StatsQuery.safeParse(c.req.query());
  if (!query.success) return c.json({ error: "invalid query", issues: query.error.issues }, 400);
  const db = createDb(c.env.HYPERDRIVE.connectionString, QUERY_TIMEOUT_SECONDS);
  const { connectionStaleMs } = readConfig(c.env);
  return c.json(await readStats(db, query.data.windowSeconds, Date.now(), connectionStaleMs));
}

/**
 * `GET /admin/stats/series?windowSeconds=3600&buckets=30` (an addition to
 * §5.0.1, for the operators' charts): `{ windowSeconds, bucketSeconds, points }`.
 */
export async function statsSeries(c: Context<{ Bindings: Env }>) {
  const query = SeriesQuery.safeParse(c.req.query());
  if (!query.success) return c.json({ error: "invalid query", issues: query.error.issues }, 400);
  const db = createDb(c.env.HYPERDRIVE.connectionString, QUERY_TIMEOUT_SECONDS);
  const { windowSeconds, buckets } = query.data;
  return c.json({
    windowSeconds,
    bucketSeconds: Math.ceil(windowSeconds / buckets),
    points: await readSeries(db, windowSeconds, buckets, Date.now()),
  });
}
