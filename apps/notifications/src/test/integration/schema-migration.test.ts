import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { migrateSchema, schemaVersion } from "@repo/do-utils";
import { waitForNotifications } from "@repo/test-utils";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { notificationLog } from "../../db/schema";
import { NOTIFICATIONS_BASELINE, NOTIFICATIONS_SCHEMA } from "../../do/sqlite-schema";
import { announcement, auditDb, connect, eventually, publish, sqlIn, stubFor, uniqueUser } from "../helpers";

/** The SQL the object ran before its schema was versioned, verbatim. */
const LEGACY_SCHEMA = [
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

const OBJECT_TABLES = ["notifications", "audit_outbox", "meta", "dedupe_keys", "audit_dead_letter", "connections"];

/**
 * An object's schema as SQLite sees it, whatever SQL text made it: each table's columns, each index's
 * table, columns, uniqueness and WHERE clause (an index a constraint made is keyed by its columns, as
 * its name follows the table's name at creation).
 */
function describeSchema(sql: SqlStorage) {
  const tables = sql
    .exec<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, 4) != '_cf_' AND substr(name, 1, 7) != 'sqlite_' ORDER BY name",
    )
    .toArray()
    .map(({ name }) => name);
  return tables.map((table) => ({
    table,
    columns: sql.exec(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info('${table}')`).toArray(),
    indexes: sql
      .exec<{ name: string; unique: number; origin: string; partial: number }>(
        `SELECT name, "unique", origin, partial FROM pragma_index_list('${table}')`,
      )
      .toArray()
      .map((index) => {
        const columns = sql
          .exec<{ name: string }>(`SELECT name FROM pragma_index_info('${index.name}') ORDER BY seqno`)
          .toArray()
          .map(({ name }) => name);
        const text = sql
          .exec<{ sql: string | null }>("SELECT sql FROM sqlite_master WHERE name = ?", index.name)
          .one().sql;
        return {
          name: index.origin === "c" ? index.name : `(${index.origin}) ${columns.join(", ")}`,
          columns,
          unique: index.unique,
          where: text?.replace(/\s+/g, " ").match(/ WHERE (.*)$/)?.[1] ?? null,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name)),
  }));
}

const invitationData = {
  invitationId: "inv-1",
  groupId: "g1",
  groupName: "Rocket Club",
  inviterId: "alice",
  inviterName: "Alice",
};

describe("the object's SQLite schema", () => {
  it("makes a new object from the baseline, at the last step's version and with the schema the steps leave", async () => {
    const [fresh, stepped] = [uniqueUser(), uniqueUser()];
    // A new object: its constructor finds no table and runs the baseline.
    const made = await runInDurableObject(stubFor(fresh), (_instance, state) => ({
      version: schemaVersion(state.storage.sql),
      schema: describeSchema(state.storage.sql),
    }));
    // The same schema reached the long way: every step from an empty database.
    const replayed = await runInDurableObject(stubFor(stepped), (_instance, state) => {
      const sql = state.storage.sql;
      for (const table of [...OBJECT_TABLES, "_schema_version"]) sql.exec(`DROP TABLE IF EXISTS ${table}`);
      const result = migrateSchema(state.storage, NOTIFICATIONS_SCHEMA);
      return { result, version: schemaVersion(sql), schema: describeSchema(sql) };
    });
    expect(NOTIFICATIONS_BASELINE.version).toBe(NOTIFICATIONS_SCHEMA.length);
    expect(replayed.result).toEqual({ from: 0, to: NOTIFICATIONS_SCHEMA.length });
    expect(made.version).toBe(NOTIFICATIONS_SCHEMA.length);
    expect(made.schema.map((table) => table.table)).toEqual([...OBJECT_TABLES, "_schema_version"].sort());
    expect(made.schema).toEqual(replayed.schema);
    // And it works as one: a publish, then its seq.
    expect((await publish(fresh, announcement())).seq).toBe(1);
  });

  it("migrates an object whose storage the previous code created, keeping its notifications, seq, dedupe keys and audit rows", async () => {
    const user = uniqueUser();
    const stub = stubFor(user);
    const [acked, sent, pending] = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const now = Date.now();
    await runInDurableObject(stub, (_instance, state) => {
      const sql = state.storage.sql;
      // Back to what the previous code left: its tables, its rows, no schema version.
      for (const table of [
        "notifications",
        "audit_outbox",
        "meta",
        "dedupe_keys",
        "audit_dead_letter",
        "connections",
        "_schema_version",
      ]) {
        sql.exec(`DROP TABLE IF EXISTS ${table}`);
      }
      for (const statement of LEGACY_SCHEMA) sql.exec(statement);
      sql.exec("INSERT INTO meta (key, value) VALUES ('user_id', ?), ('last_seq', '3')", user);
      const insert = `INSERT INTO notifications (seq, id, dedupe_key, type, data, created_at, requires_ack, status, attempts, next_attempt_at, last_attempt_at, acked_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
      const data = JSON.stringify(invitationData);
      sql.exec(
        insert,
        1,
        acked,
        "legacy-key",
        "group.invitation.received",
        data,
        now - 3_000,
        1,
        "acked",
        1,
        null,
        now - 3_000,
        now - 2_900,
      );
      const announcementData = JSON.stringify({ title: "Old news", body: "From before", severity: "info" });
      sql.exec(
        insert,
        2,
        sent,
        null,
        "system.announcement",
        announcementData,
        now - 2_000,
        0,
        "sent",
        0,
        null,
        null,
        null,
      );
      sql.exec(
        insert,
        3,
        pending,
        null,
        "group.invitation.received",
        data,
        now - 1_000,
        1,
        "pending",
        0,
        null,
        null,
        null,
      );
      const row = {
        id: pending,
        userId: user,
        eventType: "group.invitation.received",
        payload: {
          id: pending,
          seq: 3,
          type: "group.invitation.received",
          timestamp: now - 1_000,
          requiresAck: true,
          data: invitationData,
        },
        sentAt: now - 1_000,
        acknowledged: false,
        acknowledgedAt: null,
        retryCount: 0,
        lastRetryAt: null,
        status: "pending",
      };
      sql.exec(
        "INSERT INTO audit_outbox (notification_id, version, row) VALUES (?, 2, ?)",
        pending,
        JSON.stringify(row),
      );
    });
    await evictDurableObject(stub);

    // The next instance migrates on its first event.
    const redelivered = await publish(user, { ...announcement(), dedupeKey: "legacy-key" });
    expect(redelivered).toEqual({ id: acked, seq: 1, delivered: 0 });
    const next = await publish(user, announcement());
    expect(next.seq).toBe(4);
    expect(await sqlIn(user, "SELECT version FROM _schema_version")).toEqual([
      { version: NOTIFICATIONS_SCHEMA.length },
    ]);

    const socket = await connect(user);
    const [delivered] = await waitForNotifications(socket, 1, 2_000);
    expect(delivered).toMatchObject({ id: pending, seq: 3, data: invitationData });
    socket.send({ type: "resume", afterSeq: 0 });
    await socket.until((s) => s.frames.some((frame) => frame.type === "resumed"), 2_000, "resumed");
    expect(
      socket
        .notifications()
        .slice(1)
        .map((frame) => frame.seq),
    ).toEqual([1, 2, 3, 4]);

    // The audit row waiting in the old outbox reaches Postgres, and the ack's newer version after it.
    socket.send({ type: "ack", notificationId: pending });
    const db = auditDb();
    const [audited] = await eventually(
      () => db.select().from(notificationLog).where(eq(notificationLog.id, pending)),
      (rows) => rows[0]?.status === "acked",
    );
    expect(audited?.version).toBeGreaterThan(2);
  });

  it("rebuilds the notifications table of a version-4 object without its dedupe_key column, keeping rows, read state, seq and pending rounds", async () => {
    const user = uniqueUser();
    const stub = stubFor(user);
    const [read, pending] = [crypto.randomUUID(), crypto.randomUUID()];
    const now = Date.now();
    await runInDurableObject(stub, (_instance, state) => {
      const sql = state.storage.sql;
      for (const table of OBJECT_TABLES) sql.exec(`DROP TABLE IF EXISTS ${table}`);
      sql.exec("DROP TABLE IF EXISTS _schema_version");
      // What the previous code left: steps 1 to 4 and rows in their shape.
      migrateSchema(state.storage, NOTIFICATIONS_SCHEMA.slice(0, 4));
      sql.exec("INSERT INTO meta (key, value) VALUES ('user_id', ?)", user);
      const insert = `INSERT INTO notifications (seq, id, type, data, created_at, requires_ack, status, attempts,
          next_attempt_at, last_attempt_at, acked_at, version, read_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
      const data = JSON.stringify({ title: "Read already", body: "before the rebuild", severity: "info" });
      sql.exec(
        insert,
        1,
        read,
        "system.announcement",
        data,
        now - 2_000,
        0,
        "sent",
        1,
        null,
        now - 2_000,
        null,
        1,
        now - 1_500,
      );
      sql.exec(
        insert,
        2,
        pending,
        "group.invitation.received",
        JSON.stringify(invitationData),
        now - 1_000,
        1,
        "pending",
        1,
        now + 60_000,
        now - 1_000,
        null,
        3,
        null,
      );
      sql.exec(
        "INSERT INTO dedupe_keys (key, notification_id, seq, fingerprint, created_at) VALUES ('kept-key', ?, 2, NULL, ?)",
        pending,
        now - 1_000,
      );
    });
    await evictDurableObject(stub);

    expect(await publish(user, { ...announcement(), dedupeKey: "kept-key" })).toEqual({
      id: pending,
      seq: 2,
      delivered: 0,
    });
    expect((await publish(user, announcement())).seq).toBe(3);
    const columns = await sqlIn<{ name: string }>(user, "SELECT name FROM pragma_table_info('notifications')");
    expect(columns.map((column) => column.name)).not.toContain("dedupe_key");
    const indexes = await sqlIn<{ name: string }>(
      user,
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'notifications' AND sql IS NOT NULL ORDER BY name",
    );
    expect(indexes.map((index) => index.name)).toEqual([
      "notifications_pending",
      "notifications_pending_seq",
      "notifications_unread",
    ]);
    // The rows of the pending indexes are pending ones only: the publish that needed no ack is in neither.
    const plan = await sqlIn<{ detail: string }>(
      user,
      "EXPLAIN QUERY PLAN SELECT seq FROM notifications WHERE status = 'pending' ORDER BY seq LIMIT 5",
    );
    expect(plan.map((step) => step.detail).join(" ")).toContain("notifications_pending_seq");
    expect(
      await sqlIn(user, "SELECT seq, read_at AS readAt, version, attempts FROM notifications ORDER BY seq"),
    ).toEqual([
      { seq: 1, readAt: now - 1_500, version: 1, attempts: 1 },
      { seq: 2, readAt: null, version: 3, attempts: 1 },
      { seq: 3, readAt: null, version: 1, attempts: 0 },
    ]);

    // The pending one still reaches a new socket, and its ack lands as a newer version.
    const socket = await connect(user);
    const [delivered] = await waitForNotifications(socket, 1, 2_000);
    expect(delivered).toMatchObject({ id: pending, seq: 2, data: invitationData });
    socket.send({ type: "ack", notificationId: pending });
    await eventually(
      () => sqlIn<{ status: string }>(user, "SELECT status FROM notifications WHERE seq = 2"),
      (rows) => rows[0]?.status === "acked",
    );
  });
});
