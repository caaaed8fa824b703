import { runInDurableObject } from "cloudflare:test";
import type { PublishResult } from "@repo/notifications";
import { waitForNotifications } from "@repo/test-utils";
import { describe, expect, it } from "vitest";
import { connect, invitation, publish, stubFor, uniqueUser } from "../helpers";
import { waitForAudit } from "./audit";
import { countDrill, reportDrill } from "./ledger";

const ROUND = 400;

describe("fault drill: the alarm handler throws once", () => {
  it("loses nothing when one alarm run throws on a row it cannot read, and re-arms the alarm for later rather than for at once", async () => {
    const user = uniqueUser("alarm");
    const socket = await connect(user);
    const published: PublishResult[] = [];
    for (let i = 0; i < 3; i++) published.push(await publish(user, invitation()));
    await waitForNotifications(socket, 3, 2_000);
    const victim = published[1]?.id ?? "";

    // One alarm run, as the runtime would make it, while the second notification's stored data is unreadable
    // (a torn write, say); the fault passes right after. Inside one runInDurableObject nothing else runs between.
    const outcome = await runInDurableObject(stubFor(user), async (instance, state) => {
      const sql = state.storage.sql;
      const now = Date.now();
      const { data } = sql.exec<{ data: string }>("SELECT data FROM notifications WHERE id = ?", victim).one();
      sql.exec("UPDATE notifications SET next_attempt_at = ? WHERE status = 'pending'", now);
      sql.exec("UPDATE notifications SET data = '{torn' WHERE id = ?", victim);
      let threw = false;
      try {
        await instance.alarm();
      } catch {
        threw = true;
      }
      sql.exec("UPDATE notifications SET data = ? WHERE id = ?", data, victim);
      return { threw, ranAt: now, alarmAt: await state.storage.getAlarm() };
    });

    // Round 2 reaches every notification, the victim included, and the acks end them.
    const rounds = (id: string) => socket.notifications().filter((frame) => frame.id === id).length;
    await socket.until(() => published.every(({ id }) => rounds(id) >= 2), 6 * ROUND, "round 2 of every notification");
    for (const { id } of published) socket.send({ type: "ack", notificationId: id });
    await waitForAudit(user, (rows) => rows.length === 3 && rows.every((row) => row.status === "acked"));

    reportDrill(`alarm handler throwing once (threw: ${outcome.threw})`, countDrill(published, socket.notifications()));
    // Re-armed, and not at or before the moment it failed: a handler that throws must not run again at once, in a loop.
    expect(outcome.alarmAt).not.toBeNull();
    expect(outcome.alarmAt ?? 0).toBeGreaterThan(outcome.ranAt);
  });
});
