import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { withTimeout } from "@repo/do-utils";
import { sleep, waitForNotifications } from "@repo/test-utils";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { upsertAuditRows } from "../../audit-queue/write";
import { createDb, invocationDb } from "../../db/client";
import { notificationLog } from "../../db/schema";
import type { AuditRow } from "../../do/audit-row";
import { NotificationStore } from "../../do/store";
import { announcement, auditDb, connect, invitation, publish, setPostgres, stubFor, uniqueUser } from "../helpers";
import { runNextRound, runRoundsToEnd } from "../rounds";

async function auditRows(userId: string) {
  return auditDb().select().from(notificationLog).where(eq(notificationLog.userId, userId));
}

async function waitForAudit(userId: string, predicate: (rows: Awaited<ReturnType<typeof auditRows>>) => boolean) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const rows = await auditRows(userId);
    if (predicate(rows)) return rows;
    if (Date.now() > deadline) throw new Error(`audit rows never matched: ${JSON.stringify(rows)}`);
    await sleep(100);
  }
}

afterEach(async () => {
  await setPostgres("up");
});

describe("the Postgres audit log", () => {
  it("records an acknowledged notification with its send time, ack time and no retries", async () => {
    const user = uniqueUser();
    const socket = await connect(user);
    const before = Date.now();
    const published = await publish(user, invitation());
    const [frame] = await waitForNotifications(socket, 1, 2_000);
    socket.send({ type: "ack", notificationId: published.id });

    const [row] = await waitForAudit(user, (rows) => rows[0]?.status === "acked");
    expect(row).toMatchObject({
      id: published.id,
      userId: user,
      eventType: "group.invitation.received",
      acknowledged: true,
      retryCount: 0,
      lastRetryAt: null,
      status: "acked",
    });
    expect(row?.payload).toEqual(frame);
    expect(row?.sentAt.getTime()).toBe(frame?.timestamp);
    expect(row?.sentAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(row?.acknowledgedAt?.getTime()).toBeGreaterThanOrEqual(row?.sentAt.getTime() ?? Number.NaN);
  });

  it("records the rounds after the first and the last one's time for a notification that was never acknowledged", async () => {
    const user = uniqueUser();
    const socket = await connect(user);
    const published = await publish(user, invitation());
    const stored = () =>
      runInDurableObject(stubFor(user), (_instance, state) =>
        new NotificationStore(state.storage.sql, (fn) => state.storage.transactionSync(fn)).findById(
          user,
          published.id,
        ),
      );
    await waitForNotifications(socket, 1, 2_000);
    await runNextRound(user);
    await waitForNotifications(socket, 2, 2_000);
    const secondRoundAt = (await stored())?.lastAttemptAt ?? Number.NaN;
    // Round 3, then the failure.
    await runRoundsToEnd(user);
    await waitForNotifications(socket, 3, 2_000);

    const [row] = await waitForAudit(user, (rows) => rows[0]?.status === "failed");
    expect(row).toMatchObject({ id: published.id, acknowledged: false, acknowledgedAt: null, retryCount: 2 });
    // The last round's time: the one the object stored for round 3, not round 1's (the send) or round 2's.
    const lastRetry = row?.lastRetryAt?.getTime() ?? 0;
    expect(await stored()).toMatchObject({ status: "failed", attempts: 3, lastAttemptAt: lastRetry });
    expect(lastRetry).toBeGreaterThanOrEqual(secondRoundAt);
    expect(secondRoundAt).toBeGreaterThan(row?.sentAt.getTime() ?? Number.NaN);
  });

  it("records a notification that needs no ack as sent", async () => {
    const user = uniqueUser();
    const published = await publish(user, announcement());
    const [row] = await waitForAudit(user, (rows) => rows.length === 1);
    expect(row).toMatchObject({ id: published.id, status: "sent", acknowledged: false, retryCount: 0 });
  });

  it("keeps delivering while Postgres is unreachable, then writes every audit row once it is back, none twice", async () => {
    const user = uniqueUser();
    const socket = await connect(user);
    await setPostgres("down");

    const published = [];
    for (let i = 0; i < 6; i++) published.push(await publish(user, i % 2 === 0 ? invitation() : announcement(`n${i}`)));
    const frames = await waitForNotifications(socket, 6, 2_000);
    expect(frames.map((frame) => frame.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const notification of published.filter((_, i) => i % 2 === 0)) {
      socket.send({ type: "ack", notificationId: notification.id });
    }
    // Several flushes fail meanwhile (the proxy refuses every connection).
    await sleep(1_500);
    expect(await auditRows(user)).toEqual([]);

    await setPostgres("up");
    const rows = await waitForAudit(
      user,
      (found) => found.length === 6 && found.every((row) => row.status === "acked" || row.status === "sent"),
    );
    expect(rows.map((row) => row.id).sort()).toEqual(published.map((entry) => entry.id).sort());
    expect(rows.filter((row) => row.acknowledged)).toHaveLength(3);
  });

  it("brings a row that Postgres already has up to date rather than adding a second one", async () => {
    const user = uniqueUser();
    const socket = await connect(user);
    const published = await publish(user, invitation());
    await waitForAudit(user, (rows) => rows[0]?.status === "pending");
    socket.send({ type: "ack", notificationId: published.id });
    const rows = await waitForAudit(user, (found) => found[0]?.status === "acked");
    expect(rows).toHaveLength(1);
  });

  it("drops an audit row it cannot read back instead of letting it hold up the rows behind it", async () => {
    const user = uniqueUser();
    await publish(user, announcement("first"));
    await runInDurableObject(stubFor(user), (_instance, state) => {
      state.storage.sql.exec(
        "INSERT INTO audit_outbox (notification_id, version, row) VALUES ('garbage', 1, '{not json')",
      );
    });
    const published = await publish(user, announcement("second"));
    const rows = await waitForAudit(user, (found) => found.some((row) => row.id === published.id));
    expect(rows).toHaveLength(2);
    const left = await runInDurableObject(stubFor(user), (_instance, state) =>
      state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM audit_outbox").one(),
    );
    expect(left.n).toBe(0);
  });

  it("numbers a notification's versions on across flushes, so Postgres holds its newest state", async () => {
    const user = uniqueUser();
    const socket = await connect(user);
    const published = await publish(user, invitation());
    // Its rounds may have moved it on before its first batch is written: version 1 or more.
    const [pending] = await waitForAudit(user, (rows) => rows[0]?.status === "pending");
    expect(pending?.version).toBeGreaterThanOrEqual(1);
    // The flush emptied the outbox; the ack's row still carries a higher version.
    socket.send({ type: "ack", notificationId: published.id });
    const [acked] = await waitForAudit(user, (rows) => rows[0]?.status === "acked");
    expect(acked?.version).toBeGreaterThan(pending?.version ?? Number.POSITIVE_INFINITY);
    const stored = await runInDurableObject(stubFor(user), (_instance, state) =>
      state.storage.sql.exec<{ version: number }>("SELECT version FROM notifications WHERE id = ?", published.id).one(),
    );
    expect(acked?.version).toBe(stored.version);
  });

  it("does not let a late batch with an older version overwrite a newer state", async () => {
    const db = createDb(env.TEST_DATABASE_URL, 5);
    const user = uniqueUser();
    const base = pendingAuditRow(user);
    const acked: AuditRow = { ...base, acknowledged: true, acknowledgedAt: Date.now(), status: "acked" };
    await upsertAuditRows(db, [{ row: acked, version: 2 }]);
    // A flush that timed out and committed late, after the newer one.
    await upsertAuditRows(db, [{ row: base, version: 1 }]);
    const rows = await auditRows(user);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "acked", acknowledged: true, version: 2 });
    // A newer version still applies.
    await upsertAuditRows(db, [{ row: { ...acked, retryCount: 1 }, version: 3 }]);
    expect((await auditRows(user))[0]).toMatchObject({ retryCount: 1, version: 3 });
  });

  it("never runs a write it gave up on while Postgres was unreachable, once Postgres is back", async () => {
    const user = uniqueUser();
    const row = pendingAuditRow(user);
    await setPostgres("down");
    const client = invocationDb(env.HYPERDRIVE.connectionString, 3);
    await expect(
      withTimeout(upsertAuditRows(client.get(), [{ row, version: 1 }]), 500, "audit flush"),
    ).rejects.toThrow();
    await client.abandon();
    await setPostgres("up");
    // A client left reconnecting for its queued write would have written it by now.
    await sleep(1_500);
    expect(await auditRows(user)).toEqual([]);
  });
});

/** An audit row as the object writes it for a fresh, unacknowledged invitation. */
function pendingAuditRow(userId: string): AuditRow {
  return {
    id: crypto.randomUUID(),
    userId,
    eventType: "group.invitation.received",
    payload: { kind: "test" },
    sentAt: Date.now(),
    delivered: false,
    acknowledged: false,
    acknowledgedAt: null,
    retryCount: 0,
    lastRetryAt: null,
    status: "pending",
  };
}
