import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { retryDelaySeconds } from "../../audit-queue/consumer";
import type { AuditMessage } from "../../audit-queue/messages";
import { connectionLog, notificationLog, objectBacklog } from "../../db/schema";
import type { AuditRow } from "../../do/audit-row";
import worker from "../../index";
import { auditDb, setPostgres, uniqueUser } from "../helpers";

afterEach(async () => {
  await setPostgres("up");
});

function auditRow(userId: string, id: string, status: AuditRow["status"]): AuditRow {
  return {
    id,
    userId,
    eventType: "group.invitation.received",
    payload: { id },
    sentAt: 1_000,
    acknowledged: status === "acked",
    acknowledgedAt: status === "acked" ? 2_000 : null,
    retryCount: 0,
    lastRetryAt: null,
    status,
    delivered: true,
  };
}

/** Runs the worker's queue handler on `bodies` as one batch, as the queue would deliver it. */
async function consume(bodies: unknown[]) {
  const batch = createMessageBatch(
    "notifications-audit",
    bodies.map((body, index) => ({ id: `m${index}`, timestamp: Date.now(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env);
  return getQueueResult(batch, ctx);
}

describe("the audit queue's consumer", () => {
  it("writes a batch of several objects' rows over one connection, each row at its newest version", async () => {
    const [alice, bob] = [uniqueUser("alice"), uniqueUser("bob")];
    const [first, second] = [crypto.randomUUID(), crypto.randomUUID()];
    const connectionId = crypto.randomUUID();
    const messages: AuditMessage[] = [
      // The same notification twice in one batch (a change between two flushes), newest first.
      { kind: "audit", version: 2, row: auditRow(alice, first, "acked") },
      { kind: "audit", version: 1, row: auditRow(alice, first, "pending") },
      { kind: "audit", version: 1, row: auditRow(bob, second, "sent") },
      {
        kind: "connection",
        userId: bob,
        row: {
          connectionId,
          connectedAt: 1_000,
          userAgentFamily: "Firefox",
          disconnectedAt: 3_000,
          closeCode: 1001,
          lastSeenAt: 3_000,
          version: 2,
        },
      },
      { kind: "backlog", userId: alice, waiting: 4, reportedAt: 5_000 },
      { kind: "backlog", userId: alice, waiting: 9, reportedAt: 4_000 },
    ];
    const result = await consume(messages);

    expect(result.explicitAcks.sort()).toEqual(["m0", "m1", "m2", "m3", "m4", "m5"]);
    expect(result.retryMessages).toEqual([]);
    const db = auditDb();
    expect(await db.select().from(notificationLog).where(eq(notificationLog.id, first))).toMatchObject([
      { status: "acked", version: 2, acknowledged: true },
    ]);
    expect(await db.select().from(notificationLog).where(eq(notificationLog.id, second))).toMatchObject([
      { status: "sent", userId: bob },
    ]);
    expect(await db.select().from(connectionLog).where(eq(connectionLog.id, connectionId))).toMatchObject([
      { userId: bob, closeCode: 1001, version: 2 },
    ]);
    expect(await db.select().from(objectBacklog).where(eq(objectBacklog.userId, alice))).toEqual([
      { userId: alice, waiting: 4, reportedAt: new Date(5_000) },
    ]);

    // The same batch delivered again (queues deliver at least once) changes nothing; an older state neither.
    await consume([{ kind: "audit", version: 1, row: auditRow(alice, first, "pending") }, ...messages]);
    expect(await db.select().from(notificationLog).where(eq(notificationLog.id, first))).toMatchObject([
      { status: "acked", version: 2 },
    ]);
    expect(await db.select().from(objectBacklog).where(eq(objectBacklog.userId, alice))).toMatchObject([
      { waiting: 4 },
    ]);
  });

  it("retries every message after a delay while Postgres is unreachable, and writes nothing", async () => {
    const user = uniqueUser();
    const id = crypto.randomUUID();
    await setPostgres("down");
    const result = await consume([{ kind: "audit", version: 1, row: auditRow(user, id, "sent") }]);
    expect(result.explicitAcks).toEqual([]);
    // The delay is the consumer's (retryDelaySeconds, below); the test batch does not record it.
    expect(result.retryMessages.map((retry) => retry.msgId)).toEqual(["m0"]);
    await setPostgres("up");
    expect(await auditDb().select().from(notificationLog).where(eq(notificationLog.id, id))).toEqual([]);
  });

  it("acknowledges a message that could never be written, instead of retrying it for ever, and writes the others", async () => {
    const user = uniqueUser();
    const id = crypto.randomUUID();
    const result = await consume([
      { kind: "audit", version: 1, row: { id: "not a row" } },
      { kind: "audit", version: 1, row: auditRow(user, id, "sent") },
    ]);
    expect(result.explicitAcks.sort()).toEqual(["m0", "m1"]);
    expect(result.retryMessages).toEqual([]);
    expect(await auditDb().select().from(notificationLog).where(eq(notificationLog.id, id))).toHaveLength(1);
  });

  it("spaces retries from a second up to the configured ceiling, with jitter", () => {
    expect(retryDelaySeconds(1, 3_600, () => 0)).toBe(1);
    expect(retryDelaySeconds(1, 3_600, () => 1)).toBe(2);
    expect(retryDelaySeconds(10, 3_600, () => 1)).toBe(1_024);
    expect(retryDelaySeconds(40, 3_600, () => 1)).toBe(3_600);
  });
});
