import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { NotificationStore } from "../../do/store";
import { announcement, invitation, publish, stubFor, uniqueUser } from "../helpers";

const DAY = 24 * 60 * 60 * 1_000;
// The history limits of the test run: the defaults (config.ts).
const MAX_AGE = 30 * DAY;

function storedSeqs(userId: string) {
  return runInDurableObject(stubFor(userId), (_instance, state) =>
    state.storage.sql
      .exec<{ seq: number; status: string }>("SELECT seq, status FROM notifications ORDER BY seq")
      .toArray(),
  );
}

/** Moves every stored notification `ms` into the past, as if it had been published then. */
function age(userId: string, ms: number, where = "1 = 1") {
  return runInDurableObject(stubFor(userId), (_instance, state) => {
    state.storage.sql.exec(`UPDATE notifications SET created_at = created_at - ? WHERE ${where}`, ms);
  });
}

function pruneWith(userId: string, historyLimit: number) {
  return runInDurableObject(stubFor(userId), (_instance, state) => {
    const store = new NotificationStore(state.storage.sql, (fn) => state.storage.transactionSync(fn));
    store.prune(Date.now(), { historyLimit, historyMaxAgeMs: MAX_AGE, dedupeRetentionMs: 7 * DAY });
  });
}

describe("bounded history", () => {
  it("keeps the newest finished notifications only, numbering on without reuse", async () => {
    const user = uniqueUser();
    for (let i = 0; i < 30; i++) await publish(user, announcement(`n${i}`));
    await pruneWith(user, 20);
    const rows = await storedSeqs(user);
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 11));
    expect((await publish(user, announcement())).seq).toBe(31);
  });

  it("never drops a notification that is still pending, however many come after it", async () => {
    const user = uniqueUser();
    const pending = await publish(user, invitation());
    for (let i = 0; i < 25; i++) await publish(user, announcement(`n${i}`));
    await pruneWith(user, 20);
    const rows = await storedSeqs(user);
    expect(rows[0]).toEqual({ seq: pending.seq, status: "pending" });
    expect(rows.slice(1).map((row) => row.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 7));
  });

  it("prunes finished notifications older than the maximum age when its alarm runs", async () => {
    const user = uniqueUser();
    await publish(user, announcement("old"));
    const pendingOld = await publish(user, invitation());
    await age(user, MAX_AGE + DAY);
    // The publish queues an audit row, so the alarm is due within the flush delay.
    const fresh = await publish(user, announcement("fresh"));
    await runDurableObjectAlarm(stubFor(user));
    expect((await storedSeqs(user)).map((row) => row.seq)).toEqual([pendingOld.seq, fresh.seq]);
  });
});
