// `pnpm bench:stats`: seeds 1,000,000 notification_log rows (and connection and backlog rows) into a
// scratch database it creates and drops (on DATABASE_URL's server, or an embedded Postgres), then
// times each operators' stats statement (src/admin/stats-queries.ts, the very SQL /admin/stats runs)
// and prints its plan. Numbers only: nothing is asserted.
import { fileURLToPath } from "node:url";
import { createTestDatabase, migrateDatabase } from "@repo/postgres-local";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import postgres from "postgres";
import {
  ackLatencyQuery,
  auditBacklogQuery,
  countsByTypeQuery,
  openConnectionsQuery,
  seriesQuery,
} from "../src/admin/stats-queries.ts";

const ROWS = Number(process.argv[2] ?? 1_000_000);
const RUNS = 7;
const TYPES = [
  "group.invitation.received",
  "group.invitation.accepted",
  "group.member.joined",
  "group.member.removed",
  "group.admin.granted",
  "group.admin.revoked",
  "group.join_request.created",
  "group.join_request.approved",
  "group.join_request.rejected",
  "system.announcement",
];

const database = await createTestDatabase(process.env.DATABASE_URL, "bench_stats");
const sql = postgres(database.url, { max: 1, onnotice: () => {} });
try {
  await migrateDatabase(database.url, fileURLToPath(new URL("../.migrations", import.meta.url)));
  const seeding = performance.now();
  // 30 days of history, 10,000 users, the ten types; 60 % sent, 20 % acked, 10 % failed, 10 % pending.
  await sql.unsafe(`
    INSERT INTO notification_log (id, user_id, event_type, payload, sent_at, acknowledged, acknowledged_at,
      retry_count, status, delivered, version)
    SELECT gen_random_uuid(), 'user-' || (i % 10000), (ARRAY['${TYPES.join("','")}'])[1 + i % 10], '{}'::jsonb,
      t, s = 'acked', CASE WHEN s = 'acked' THEN t + random() * interval '5 seconds' END,
      CASE WHEN s = 'failed' THEN 2 ELSE 0 END, s, i % 7 <> 0, 1
    FROM (
      SELECT i, now() - random() * interval '30 days' AS t,
        CASE WHEN i % 10 < 6 THEN 'sent' WHEN i % 10 < 8 THEN 'acked' WHEN i % 10 = 8 THEN 'failed' ELSE 'pending' END AS s
      FROM generate_series(1, ${ROWS}) AS i
    ) AS seeded`);
  await sql.unsafe(`
    INSERT INTO connection_log (id, user_id, connected_at, disconnected_at, close_code, last_seen_at, version)
    SELECT gen_random_uuid(), 'user-' || (i % 10000), now() - interval '2 hours',
      CASE WHEN i % 4 = 0 THEN NULL ELSE now() - interval '1 hour' END, CASE WHEN i % 4 = 0 THEN NULL ELSE 1000 END,
      now() - random() * interval '2 hours', 1
    FROM generate_series(1, 50000) AS i`);
  await sql.unsafe(`
    INSERT INTO object_backlog (user_id, waiting, reported_at)
    SELECT 'user-' || i, i % 3, now() FROM generate_series(1, 10000) AS i`);
  await sql.unsafe("VACUUM ANALYZE");
  console.log(
    `seeded ${ROWS.toLocaleString("en")} notifications in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
  );

  const dialect = new PgDialect();
  const now = Date.now();
  const hour = new Date(now - 3_600_000);
  const until = new Date(now);
  const cases: [string, SQL][] = [
    ["counts by type, 1 h", countsByTypeQuery(hour, until)],
    ["counts by type, 24 h", countsByTypeQuery(new Date(now - 86_400_000), until)],
    ["counts by type, 30 d", countsByTypeQuery(new Date(now - 30 * 86_400_000), until)],
    ["ack latency p50/p95, 1 h", ackLatencyQuery(hour, until)],
    ["ack latency p50/p95, 24 h", ackLatencyQuery(new Date(now - 86_400_000), until)],
    ["open connections", openConnectionsQuery(new Date(now - 15 * 60_000), until)],
    ["audit backlog", auditBacklogQuery()],
    ["series, 1 h in 30 buckets", seriesQuery(hour, until, 120)],
    ["series, 24 h in 30 buckets", seriesQuery(new Date(now - 86_400_000), until, 2880)],
  ];
  console.log(`\nstatement                      median ms   min ms   plan (${RUNS} runs each, after a warm-up)`);
  for (const [name, query] of cases) {
    const { sql: text, params } = dialect.sqlToQuery(query);
    const values = params as postgres.ParameterOrJSON<never>[];
    await sql.unsafe(text, values);
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      await sql.unsafe(text, values);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const plan = await sql.unsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ${text}`, values);
    const scans = plan
      .map((row) => row["QUERY PLAN"].trim())
      .filter((line) => /Scan/.test(line))
      .map((line) => line.replace(/^->\s*/, "").replace(/\s+\(cost.*$/, ""))
      .join("; ");
    console.log(
      `${name.padEnd(30)} ${times[Math.floor(RUNS / 2)]?.toFixed(1).padStart(9)} ${times[0]?.toFixed(1).padStart(8)}   ${scans}`,
    );
  }
} finally {
  await sql.end({ timeout: 5 });
  await database.stop();
}
