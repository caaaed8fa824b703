import { env, exports } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { readSeries, readStats } from "../../admin/stats";
import { createDb } from "../../db/client";
import { connectionLog, notificationLog } from "../../db/schema";
import { TEST_ADMIN_TOKEN } from "../constants";
import { BASE, connect, eventually, invitation, publish, uniqueUser } from "../helpers";

/** A moment no other test writes near: the seeded rows are the only ones in its windows. */
const NOW = Date.UTC(2001, 0, 1, 12);
const S = 1_000;
const STALE_MS = 15 * 60 * S;
const INVITATION = "group.invitation.received";

type Seed = {
  at: number;
  type?: string;
  status: "pending" | "acked" | "failed" | "sent" | "muted";
  delivered?: boolean;
  ackAfterMs?: number;
};

async function seed(rows: Seed[]) {
  const db = createDb(env.TEST_DATABASE_URL, 5);
  await db.insert(notificationLog).values(
    rows.map((row) => ({
      id: crypto.randomUUID(),
      userId: uniqueUser("seeded"),
      eventType: row.type ?? INVITATION,
      payload: {},
      sentAt: new Date(row.at),
      acknowledged: row.status === "acked",
      acknowledgedAt: row.ackAfterMs === undefined ? null : new Date(row.at + row.ackAfterMs),
      status: row.status,
      delivered: row.delivered ?? true,
    })),
  );
  return db;
}

function adminGet(path: string, token: string | null = TEST_ADMIN_TOKEN) {
  return exports.default.fetch(`${BASE}${path}`, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
}

describe("the operators' stats", () => {
  it("counts every figure of a window from known rows, both window ends included and nothing outside them", async () => {
    const db = await seed([
      { at: NOW - 1000 * S, status: "acked", ackAfterMs: 200 },
      { at: NOW - 500 * S, status: "acked", ackAfterMs: 1000 },
      { at: NOW - 3600 * S, status: "failed" },
      { at: NOW, type: "system.announcement", status: "sent" },
      { at: NOW - 10 * S, type: "system.announcement", status: "sent", delivered: false },
      { at: NOW - 20 * S, type: "group.member.joined", status: "muted", delivered: false },
      { at: NOW - 30 * S, status: "pending" },
      // Outside: a millisecond too early and a millisecond too late.
      { at: NOW - 3600 * S - 1, status: "acked", ackAfterMs: 5000 },
      { at: NOW + 1, status: "failed" },
    ]);

    const stats = await readStats(db, 3600, NOW, STALE_MS);
    expect(stats).toMatchObject({
      windowSeconds: 3600,
      published: 7,
      delivered: 5,
      acked: 2,
      failed: 1,
      muted: 1,
      // Two acked out of the four that needed an ack (pending, acked, failed).
      ackRate: 0.5,
      ackLatencyMs: { p50: 600, p95: 960 },
      byType: {
        [INVITATION]: { published: 4, acked: 2, failed: 1 },
        "system.announcement": { published: 2, acked: 0, failed: 0 },
        "group.member.joined": { published: 1, acked: 0, failed: 0 },
      },
    });
  });

  it("answers zeros and no rate or latency for a window with nothing in it", async () => {
    const db = createDb(env.TEST_DATABASE_URL, 5);
    const stats = await readStats(db, 60, Date.UTC(1999, 5, 1), STALE_MS);
    expect(stats).toMatchObject({
      published: 0,
      delivered: 0,
      acked: 0,
      failed: 0,
      muted: 0,
      ackRate: null,
      ackLatencyMs: { p50: null, p95: null },
      byType: {},
      connections: { open: 0, users: 0 },
    });
  });

  it("counts open connections and their users, leaving out closed ones and ones not seen within the stale bound", async () => {
    const at = Date.UTC(2002, 0, 1);
    const db = createDb(env.TEST_DATABASE_URL, 5);
    const [alice, bob, carol] = [uniqueUser("alice"), uniqueUser("bob"), uniqueUser("carol")];
    const row = (userId: string, lastSeenAgo: number, closed = false) => ({
      id: crypto.randomUUID(),
      userId,
      connectedAt: new Date(at - 3600 * S),
      disconnectedAt: closed ? new Date(at - 60 * S) : null,
      closeCode: closed ? 1000 : null,
      lastSeenAt: new Date(at - lastSeenAgo),
    });
    await db
      .insert(connectionLog)
      .values([
        row(alice, 60 * S),
        row(alice, 120 * S),
        row(bob, STALE_MS),
        row(bob, 10 * S, true),
        row(carol, STALE_MS + 1),
      ]);
    expect((await readStats(db, 3600, at, STALE_MS)).connections).toEqual({ open: 3, users: 2 });
  });

  it("cuts the window into buckets of published, acked, failed and ack latency, empty buckets included", async () => {
    const now = Date.UTC(2003, 0, 1);
    const db = await seed([
      { at: now - 3600 * S, status: "failed" },
      { at: now - 1000 * S, status: "acked", ackAfterMs: 200 },
      { at: now - 500 * S, status: "acked", ackAfterMs: 1000 },
      { at: now - 10 * S, status: "pending" },
    ]);
    const points = await readSeries(db, 3600, 4, now);
    expect(points.map((point) => point.at)).toEqual([3600, 2700, 1800, 900].map((ago) => now - ago * S));
    expect(points.map(({ published, acked, failed }) => ({ published, acked, failed }))).toEqual([
      { published: 1, acked: 0, failed: 1 },
      { published: 0, acked: 0, failed: 0 },
      { published: 1, acked: 1, failed: 0 },
      { published: 2, acked: 1, failed: 0 },
    ]);
    expect(points.map((point) => point.ackLatencyMs.p50)).toEqual([null, null, 200, 1000]);
  });

  it("refuses the stats without the admin token, and a window it cannot use", async () => {
    expect((await adminGet("/admin/stats", null)).status).toBe(401);
    expect((await adminGet("/admin/stats", "wrong-token-wrong-token-wrong")).status).toBe(401);
    expect((await adminGet("/admin/stats/series", null)).status).toBe(401);
    expect((await adminGet("/admin/stats?windowSeconds=abc")).status).toBe(400);
    expect((await adminGet("/admin/stats?windowSeconds=5")).status).toBe(400);
  });

  it("moves its figures after a publish and an ack, and matches a recount of the audit backlog", async () => {
    const read = async () => {
      const response = await adminGet("/admin/stats?windowSeconds=600");
      expect(response.status).toBe(200);
      return (await response.json()) as {
        published: number;
        acked: number;
        auditBacklog: number;
        byType: Record<string, { acked: number }>;
        connections: { open: number };
      };
    };
    const before = await read();
    const user = uniqueUser();
    const socket = await connect(user);
    const published = await publish(user, invitation());
    socket.send({ type: "ack", notificationId: published.id });

    const after = await eventually(read, (stats) => stats.acked > before.acked && stats.connections.open > 0);
    expect(after.published).toBeGreaterThan(before.published);
    expect(after.byType[INVITATION]?.acked ?? 0).toBeGreaterThan(before.byType[INVITATION]?.acked ?? 0);
    const db = createDb(env.TEST_DATABASE_URL, 5);
    const [recount] = await db.execute<{ waiting: string }>(
      sql`SELECT coalesce(sum(waiting), 0) AS waiting FROM object_backlog`,
    );
    expect(after.auditBacklog).toBe(Number(recount?.waiting));
  });
});
