import { runInDurableObject } from "cloudflare:test";
import type { PublishResult } from "@repo/notifications";
import { type RecordingSocket, sleep, waitForNotifications } from "@repo/test-utils";
import { describe, expect, it } from "vitest";
import { connect, invitation, publish, stubFor, uniqueUser } from "../helpers";
import { waitForAudit } from "./audit";
import { countDrill, reportDrill } from "./ledger";

const ROUND = 400;
const TORN = "{torn";

/** Three invitations delivered once (round 1) and audited, with no alarm run in flight afterwards. */
async function deliveredThree(label: string) {
  const user = uniqueUser(label);
  const socket = await connect(user);
  const published: PublishResult[] = [];
  for (let i = 0; i < 3; i++) published.push(await publish(user, invitation()));
  await waitForNotifications(socket, 3, 2_000);
  // Let the first audit flush finish, so that no alarm run is awaiting Postgres while the drill works on the object.
  await waitForAudit(user, (rows) => rows.length === 3);
  await sleep(50);
  return { user, socket, published, victim: published[1]?.id ?? "" };
}

/** Round 2 reaches the notifications around the victim; then every one is acked and the audit log says so. */
async function finish(user: string, socket: RecordingSocket, published: PublishResult[], victim: string) {
  const rounds = (id: string) => socket.notifications().filter((frame) => frame.id === id).length;
  const others = published.filter(({ id }) => id !== victim);
  await socket.until(() => others.every(({ id }) => rounds(id) >= 2), 6 * ROUND, "round 2 of the other notifications");
  for (const { id } of published) socket.send({ type: "ack", notificationId: id });
  await waitForAudit(user, (rows) => others.every(({ id }) => rows.find((row) => row.id === id)?.status === "acked"));
}

describe("fault drill: the alarm handler throws", () => {
  it("loses nothing when one alarm run throws on a row it cannot read, and the alarm stays armed", async () => {
    const { user, socket, published, victim } = await deliveredThree("alarm-once");

    // One alarm run, as the runtime would make it, while the second notification's stored data is torn;
    // the fault passes right after. Inside one runInDurableObject nothing else runs in between.
    const outcome = await runInDurableObject(stubFor(user), async (instance, state) => {
      const sql = state.storage.sql;
      const { data } = sql.exec<{ data: string }>("SELECT data FROM notifications WHERE id = ?", victim).one();
      sql.exec("UPDATE notifications SET next_attempt_at = ? WHERE status = 'pending'", Date.now());
      sql.exec("UPDATE notifications SET data = ? WHERE id = ?", TORN, victim);
      let threw = false;
      try {
        await instance.alarm();
      } catch {
        threw = true;
      }
      sql.exec("UPDATE notifications SET data = ? WHERE id = ?", data, victim);
      return { threw, alarmAt: await state.storage.getAlarm() };
    });
    await finish(user, socket, published, victim);

    reportDrill(`alarm handler throwing once (threw: ${outcome.threw})`, countDrill(published, socket.notifications()));
    expect(outcome.alarmAt).not.toBeNull();
  });

  it("does not run the alarm again at once, in a loop, while a due row it cannot read keeps failing it", async () => {
    const { user, socket, published, victim } = await deliveredThree("alarm-loop");

    const { data } = await runInDurableObject(stubFor(user), async (_instance, state) => {
      const sql = state.storage.sql;
      const now = Date.now();
      const row = sql.exec<{ data: string }>("SELECT data FROM notifications WHERE id = ?", victim).one();
      sql.exec("UPDATE notifications SET next_attempt_at = ? WHERE status = 'pending'", now);
      sql.exec("UPDATE notifications SET data = ? WHERE id = ?", TORN, victim);
      await state.storage.setAlarm(now);
      return { data: row.data };
    });
    // The runtime runs the alarm; it meets the torn row. Whatever it does about it, the next run must be later:
    // an alarm that is always due or running (unset while its handler runs) when looked at, several looks 30 ms
    // apart, is one that runs again at once.
    await sleep(300);
    const looks = [];
    for (let i = 0; i < 10; i++) {
      looks.push(
        await runInDurableObject(stubFor(user), async (_instance, state) => ({
          at: Date.now(),
          alarmAt: await state.storage.getAlarm(),
        })),
      );
      await sleep(30);
    }
    const hotLoop = looks.every(({ at, alarmAt }) => alarmAt === null || alarmAt <= at);
    await runInDurableObject(stubFor(user), (_instance, state) => {
      state.storage.sql.exec("UPDATE notifications SET data = ? WHERE id = ?", data, victim);
    });
    await finish(user, socket, published, victim);

    reportDrill("alarm handler failing on a due row", countDrill(published, socket.notifications()));
    // Still armed for the rounds to come: a look between two runs sees the next one set.
    expect(looks.some(({ alarmAt }) => alarmAt !== null)).toBe(true);
    // Re-armed at or before the moment it failed, the handler runs again at once, for as long as the row is bad.
    expect(hotLoop).toBe(false);
  });
});
