import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { waitForNotifications } from "@repo/test-utils";
import { describe, expect, it } from "vitest";
import { NotificationStore } from "../../do/store";
import { connect, eventually, invitation, publish, stubFor, uniqueUser } from "../helpers";
import { runNextRound, runRoundsToEnd, settle } from "../rounds";

// The test configuration shortens the ack timeout to 400 ms (vitest.config.ts). The tests do not
// wait it out: they check each round is due one timeout after the last, then run the alarm (rounds.ts).
const ROUND = 400;

async function storedStatus(userId: string, id: string) {
  return runInDurableObject(stubFor(userId), (_instance, state) => {
    const store = new NotificationStore(state.storage.sql, (fn) => state.storage.transactionSync(fn));
    return store.findById(userId, id);
  });
}

/** Waits until the object no longer counts any socket of the user as open (their close was handled). */
async function socketsGone(userId: string) {
  await eventually(
    () =>
      runInDurableObject(
        stubFor(userId),
        (_instance, state) => state.getWebSockets().filter((socket) => socket.readyState === WebSocket.OPEN).length,
      ),
    (open) => open === 0,
    2_000,
  );
}

/** Checks the notification's next round is due one ack timeout after its last, with `attempts` rounds so far. */
async function expectNextRoundAfterTimeout(userId: string, id: string, attempts: number) {
  const stored = await storedStatus(userId, id);
  expect(stored).toMatchObject({ status: "pending", attempts });
  expect(stored?.nextAttemptAt).toBe((stored?.lastAttemptAt ?? Number.NaN) + ROUND);
}

describe("acknowledgments and retry rounds", () => {
  it("sends an unacknowledged invitation again after the ack timeout, three rounds at most, then marks it failed", async () => {
    const user = uniqueUser();
    const socket = await connect(user);
    const published = await publish(user, invitation());
    await waitForNotifications(socket, 1, 2_000);
    await expectNextRoundAfterTimeout(user, published.id, 1);
    expect(await runNextRound(user)).toBe(true);
    await waitForNotifications(socket, 2, 2_000);
    await expectNextRoundAfterTimeout(user, published.id, 2);
    expect(await runNextRound(user)).toBe(true);

    const frames = await waitForNotifications(socket, 3, 2_000);
    expect(frames.map((frame) => [frame.id, frame.seq])).toEqual([
      [published.id, published.seq],
      [published.id, published.seq],
      [published.id, published.seq],
    ]);
    // Same frame every round: same timestamp too.
    expect(new Set(frames.map((frame) => frame.timestamp)).size).toBe(1);
    // The failure falls due one timeout after round 3; after it nothing is scheduled.
    await expectNextRoundAfterTimeout(user, published.id, 3);
    await runRoundsToEnd(user);
    await settle(socket);
    expect(socket.notifications()).toHaveLength(3);
    expect(await storedStatus(user, published.id)).toMatchObject({
      status: "failed",
      attempts: 3,
      nextAttemptAt: null,
    });
  });

  it("stops the rounds once any socket acknowledges, and ignores a second ack or an unknown id", async () => {
    const user = uniqueUser();
    const tabA = await connect(user);
    const tabB = await connect(user);
    const published = await publish(user, invitation());
    await waitForNotifications(tabA, 1, 2_000);
    await waitForNotifications(tabB, 1, 2_000);

    tabB.send({ type: "ack", notificationId: published.id });
    tabB.send({ type: "ack", notificationId: published.id });
    tabB.send({ type: "ack", notificationId: crypto.randomUUID() });
    await settle(tabB);
    // However long it waits, no further round happens.
    await runRoundsToEnd(user);
    await settle(tabA);
    await settle(tabB);

    expect(tabA.notifications()).toHaveLength(1);
    expect(tabB.notifications()).toHaveLength(1);
    expect(tabB.errors()).toEqual([]);
    expect(await storedStatus(user, published.id)).toMatchObject({ status: "acked", attempts: 1 });
  });

  it("keeps a notification published while nobody is connected pending, and makes the first connection round 1", async () => {
    const user = uniqueUser();
    const published = await publish(user, invitation());
    // Nothing is scheduled for it: however long it waits, no round runs.
    expect(await storedStatus(user, published.id)).toMatchObject({ nextAttemptAt: null });
    await runRoundsToEnd(user);
    expect(await storedStatus(user, published.id)).toMatchObject({ status: "pending", attempts: 0 });

    const socket = await connect(user);
    await waitForNotifications(socket, 1, 2_000);
    await expectNextRoundAfterTimeout(user, published.id, 1);
    // Rounds 2 and 3 follow from the connection, then it fails.
    await runNextRound(user);
    await runNextRound(user);
    await waitForNotifications(socket, 3, 2_000);
    await runRoundsToEnd(user);
    await settle(socket);
    expect(socket.notifications()).toHaveLength(3);
    expect(await storedStatus(user, published.id)).toMatchObject({ status: "failed", attempts: 3 });
  });

  it("sends every pending notification to a socket that connects later, as an extra delivery that counts for nothing", async () => {
    const user = uniqueUser();
    const first = await connect(user);
    const a = await publish(user, invitation());
    const b = await publish(user, invitation());
    await waitForNotifications(first, 2, 2_000);

    const late = await connect(user);
    const frames = await waitForNotifications(late, 2, 2_000);
    expect(frames.map((frame) => frame.id)).toEqual([a.id, b.id]);
    expect(await storedStatus(user, a.id)).toMatchObject({ attempts: 1 });
  });

  it("does not count a due round when no socket is open, and resumes the rounds when one connects", async () => {
    const user = uniqueUser();
    const first = await connect(user);
    const published = await publish(user, invitation());
    await waitForNotifications(first, 1, 2_000);
    first.close();
    await socketsGone(user);
    // Round 2 falls due with nobody connected; then nothing is scheduled.
    await runRoundsToEnd(user);
    expect(await storedStatus(user, published.id)).toMatchObject({
      status: "pending",
      attempts: 1,
      nextAttemptAt: null,
    });

    const connectedAt = Date.now();
    const second = await connect(user);
    await waitForNotifications(second, 1, 2_000);
    // The reconnect delivery was extra; rounds 2 and 3 still follow, the first one timeout after the connection.
    const waited = await storedStatus(user, published.id);
    expect(waited).toMatchObject({ status: "pending", attempts: 1 });
    expect(waited?.nextAttemptAt).toBeGreaterThanOrEqual(connectedAt + ROUND);
    expect(waited?.nextAttemptAt).toBeLessThanOrEqual(Date.now() + ROUND);
    await runNextRound(user);
    await runNextRound(user);
    await waitForNotifications(second, 3, 2_000);
    expect(await storedStatus(user, published.id)).toMatchObject({ attempts: 3 });
  });

  it("does not send a notification that needs no ack more than once", async () => {
    const user = uniqueUser();
    const socket = await connect(user);
    await publish(user, invitation(false));
    await waitForNotifications(socket, 1, 2_000);
    await runRoundsToEnd(user);
    await settle(socket);
    expect(socket.notifications()).toHaveLength(1);
  });

  it("loses nothing when the object is evicted in the middle of the rounds: they carry on and an ack still stops them", async () => {
    const user = uniqueUser();
    const socket = await connect(user);
    const published = await publish(user, invitation());
    await waitForNotifications(socket, 1, 2_000);

    await evictDurableObject(stubFor(user));
    // Round 2 comes from the stored alarm, run by a fresh instance, to the socket that hibernated through the eviction.
    expect(await runNextRound(user)).toBe(true);
    await waitForNotifications(socket, 2, 2_000);
    socket.send({ type: "ack", notificationId: published.id });
    await evictDurableObject(stubFor(user));
    await settle(socket);
    await runRoundsToEnd(user);
    await settle(socket);

    expect(socket.notifications()).toHaveLength(2);
    expect(await storedStatus(user, published.id)).toMatchObject({ status: "acked", attempts: 2 });
    // And the object still numbers on from where it was.
    expect((await publish(user, invitation(false))).seq).toBe(published.seq + 1);
  });
});
