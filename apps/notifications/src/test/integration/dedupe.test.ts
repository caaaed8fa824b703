import { isDedupeConflict } from "@repo/notifications";
import { describe, expect, it } from "vitest";
import { announcement, eventually, invitation, publish, sqlIn, uniqueUser } from "../helpers";

const DAY = 24 * 60 * 60 * 1_000;

function storedIds(userId: string) {
  return sqlIn<{ id: string }>(userId, "SELECT id FROM notifications ORDER BY seq").then((rows) =>
    rows.map((row) => row.id),
  );
}

/** The error a call fails with. */
async function failureOf(call: () => Promise<unknown>): Promise<unknown> {
  try {
    await call();
  } catch (error) {
    return error;
  }
  return null;
}

describe("dedupe keys", () => {
  it("still answers a redelivered publish with the first notification after the history has dropped it", async () => {
    const user = uniqueUser();
    const input = { ...announcement("once"), dedupeKey: "announce-1" };
    const first = await publish(user, input);
    // Past the history's maximum age (30 days), within the dedupe keys' retention (7 days from their own clock).
    await sqlIn(user, "UPDATE notifications SET created_at = created_at - ? WHERE id = ?", 31 * DAY, first.id);
    const later = await publish(user, announcement("later"));
    await eventually(
      () => storedIds(user),
      (ids) => !ids.includes(first.id),
    );

    const again = await publish(user, input);
    expect(again).toEqual({ id: first.id, seq: first.seq, delivered: 0 });
    expect(await storedIds(user)).toEqual([later.id]);
    expect((await publish(user, announcement("next"))).seq).toBe(later.seq + 1);
  });

  it("forgets a dedupe key after its retention, so the key publishes anew", async () => {
    const user = uniqueUser();
    const input = { ...announcement("weekly"), dedupeKey: "weekly" };
    const first = await publish(user, input);
    await sqlIn(user, "UPDATE dedupe_keys SET created_at = created_at - ?", 8 * DAY);
    await publish(user, announcement("wakes the alarm"));
    await eventually(
      () => sqlIn<{ n: number }>(user, "SELECT COUNT(*) AS n FROM dedupe_keys"),
      (rows) => rows[0]?.n === 0,
    );
    const again = await publish(user, input);
    expect(again.id).not.toBe(first.id);
    expect(again.seq).toBe(first.seq + 2);
  });

  it("refuses a dedupeKey reused with another type, data or requiresAck with a recognisable error, and stores nothing", async () => {
    const user = uniqueUser();
    const original = { ...invitation(), dedupeKey: "invite-7" };
    const first = await publish(user, original);
    const variants = [
      { ...announcement(), dedupeKey: "invite-7" },
      { ...invitation(), dedupeKey: "invite-7" },
      { ...original, requiresAck: false },
    ];
    for (const variant of variants) {
      const error = await failureOf(() => publish(user, variant));
      expect(isDedupeConflict(error)).toBe(true);
      expect(error instanceof Error && error.message).toMatch(/invite-7/);
    }
    // The same input, with the ack default spelled out, is the same notification.
    expect(await publish(user, { ...original, requiresAck: true })).toEqual({ ...first, delivered: 0 });
    expect(await storedIds(user)).toEqual([first.id]);
  });
});
