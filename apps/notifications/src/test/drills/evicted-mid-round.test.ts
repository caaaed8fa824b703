import { evictDurableObject } from "cloudflare:test";
import type { PublishResult } from "@repo/notifications";
import { sleep, waitForNotifications } from "@repo/test-utils";
import { describe, expect, it } from "vitest";
import { connect, invitation, publish, stubFor, uniqueUser } from "../helpers";
import { waitForAudit } from "./audit";
import { countDrill, reportDrill } from "./ledger";
import { storedNotification } from "./stored";

// The test configuration shortens the ack timeout to 400 ms (vitest.config.ts).
const ROUND = 400;

/** Evicts the user's object if it is in memory; one already evicted and not woken since has nothing to evict. */
async function evictIfRunning(userId: string): Promise<boolean> {
  try {
    await evictDurableObject(stubFor(userId));
    return true;
  } catch (error) {
    if (error instanceof Error && /not currently running/.test(error.message)) return false;
    throw error;
  }
}

describe("fault drill: the object is evicted in the middle of the retry rounds", () => {
  it("loses and duplicates nothing when the object is evicted between and during rounds, and the acks that follow leave every audit row acked", async () => {
    const user = uniqueUser("evicted");
    const socket = await connect(user);
    const published: PublishResult[] = [];
    for (let i = 0; i < 5; i++) published.push(await publish(user, invitation()));
    await waitForNotifications(socket, 5, 2_000);

    // Between round 1 and round 2.
    await evictDurableObject(stubFor(user));
    // And across the moment round 2 falls due, so that some evictions land while the alarm runs it.
    let evictions = 1;
    const until = Date.now() + ROUND;
    while (Date.now() < until) {
      if (await evictIfRunning(user)) evictions++;
      await sleep(20);
    }
    const rounds = (id: string) => socket.notifications().filter((frame) => frame.id === id).length;
    await socket.until(() => published.every(({ id }) => rounds(id) >= 2), 6 * ROUND, "round 2 of every notification");

    for (const { id } of published) socket.send({ type: "ack", notificationId: id });
    if (await evictIfRunning(user)) evictions++;
    const rows = await waitForAudit(user, (found) => found.length === 5 && found.every((row) => row.acknowledged));

    reportDrill(`evicted mid retry round (${evictions} evictions)`, countDrill(published, socket.notifications()));
    expect(rows.map((row) => row.id).sort()).toEqual(published.map(({ id }) => id).sort());
    expect(rows.every((row) => row.status === "acked" && row.retryCount >= 1)).toBe(true);
    for (const { id } of published) expect(await storedNotification(user, id)).toMatchObject({ status: "acked" });
  });
});
