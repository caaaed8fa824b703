import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { waitForNotifications } from "@repo/test-utils";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { notificationLog } from "../../db/schema";
import {
  announcement,
  auditDb,
  connect,
  eventually,
  invitation,
  publish,
  sqlIn,
  stubFor,
  uniqueUser,
} from "../helpers";

function statusOf(userId: string, id: string) {
  return sqlIn<{ status: string }>(userId, "SELECT status FROM notifications WHERE id = ?", id).then(
    (rows) => rows[0]?.status ?? null,
  );
}

function auditRowOf(db: ReturnType<typeof auditDb>, id: string) {
  return db
    .select()
    .from(notificationLog)
    .where(eq(notificationLog.id, id))
    .then((rows) => rows[0] ?? null);
}

describe("a stored notification that no longer parses", () => {
  it("is moved to failed and audited from its stored columns, while the rows around it are delivered, acked and resumed", async () => {
    const user = uniqueUser();
    const db = auditDb();
    const a = await publish(user, invitation());
    const b = await publish(user, invitation());
    const c = await publish(user, invitation());
    // A deploy tightened the schema: b's stored data no longer fits its event type.
    await sqlIn(user, "UPDATE notifications SET data = ? WHERE id = ?", JSON.stringify({ groupId: 42 }), b.id);

    const socket = await connect(user);
    const frames = await waitForNotifications(socket, 2, 2_000);
    expect(frames.map((frame) => frame.id)).toEqual([a.id, c.id]);
    expect(await statusOf(user, b.id)).toBe("failed");
    const audited = await eventually(
      () => auditRowOf(db, b.id),
      (row) => row?.status === "failed",
    );
    expect(audited?.payload).toMatchObject({ id: b.id, seq: b.seq, data: { groupId: 42 } });

    socket.send({ type: "ack", notificationId: a.id });
    socket.send({ type: "ack", notificationId: b.id });
    socket.send({ type: "ack", notificationId: c.id });
    await eventually(
      () => Promise.all([statusOf(user, a.id), statusOf(user, c.id)]),
      (statuses) => statuses.every((status) => status === "acked"),
    );
    expect(await statusOf(user, b.id)).toBe("failed");

    const resumed = await connect(user);
    resumed.send({ type: "resume", afterSeq: 0 });
    await resumed.until((s) => s.frames.some((frame) => frame.type === "resumed"), 2_000, "resumed");
    expect(resumed.notifications().map((frame) => frame.id)).toEqual([a.id, c.id]);
    // The unreadable one counts as unread until read by seq: it is still kept.
    expect(resumed.frames.at(-1)).toEqual({ type: "resumed", lastSeq: c.seq, unread: 3 });
    expect((await publish(user, invitation())).seq).toBe(c.seq + 1);
  });

  it("leaves a finished notification that no longer parses out of a resume, keeping its status", async () => {
    const user = uniqueUser();
    const a = await publish(user, announcement("a"));
    const b = await publish(user, announcement("b"));
    await sqlIn(user, "UPDATE notifications SET data = '{not json' WHERE id = ?", a.id);

    const socket = await connect(user);
    socket.send({ type: "resume", afterSeq: 0 });
    await socket.until((s) => s.frames.some((frame) => frame.type === "resumed"), 2_000, "resumed");
    expect(socket.notifications().map((frame) => frame.id)).toEqual([b.id]);
    expect(await statusOf(user, a.id)).toBe("sent");
  });

  it("does not stop the rounds of the others when it goes bad while its round is due", async () => {
    const user = uniqueUser();
    const db = auditDb();
    const socket = await connect(user);
    const a = await publish(user, invitation());
    const b = await publish(user, invitation());
    await waitForNotifications(socket, 2, 2_000);
    await sqlIn(user, "UPDATE notifications SET type = 'group.renamed' WHERE id = ?", a.id);

    // Round 2 of b follows; a is failed instead of being sent or stopping the alarm.
    await socket.until((s) => s.notifications().filter((frame) => frame.id === b.id).length === 2, 3_000, "b twice");
    expect(socket.notifications().filter((frame) => frame.id === a.id)).toHaveLength(1);
    expect(await statusOf(user, a.id)).toBe("failed");
    socket.send({ type: "ack", notificationId: b.id });
    await eventually(
      () => statusOf(user, b.id),
      (status) => status === "acked",
    );
    await eventually(
      () => auditRowOf(db, a.id),
      (row) => row?.status === "failed",
    );
  });

  it("flushes the audit log and re-arms the alarm a second later, never at once, when a step of the alarm throws", async () => {
    const user = uniqueUser();
    const db = auditDb();
    const socket = await connect(user);
    const publishedAt = Date.now();
    const published = await publish(user, invitation());
    await waitForNotifications(socket, 1, 2_000);
    // The prune step of every alarm now throws.
    await sqlIn(user, "ALTER TABLE dedupe_keys RENAME TO dedupe_keys_away");
    try {
      await runDurableObjectAlarm(stubFor(user));
      // Read at once: a second later that alarm runs, and while it runs none is set.
      const alarm = await runInDurableObject(stubFor(user), (_instance, state) => state.storage.getAlarm());
      await eventually(
        () => auditRowOf(db, published.id),
        (row) => row !== null,
      );
      // The next round was due 400 ms after the publish; after the error the alarm waits at least a second.
      expect(alarm).toBeGreaterThanOrEqual(publishedAt + 1_000);
    } finally {
      await sqlIn(user, "ALTER TABLE dedupe_keys_away RENAME TO dedupe_keys");
    }
  });
});
