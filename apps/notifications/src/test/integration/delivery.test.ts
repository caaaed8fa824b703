import { waitForNotifications } from "@repo/test-utils";
import { describe, expect, it } from "vitest";
import { announcement, connect, failureOf, invitation, publish, stubFor, uniqueUser } from "../helpers";

/** The message an RPC call fails with (awaited inside a plain promise, so the rejection is handled). */
describe("delivery to a user's sockets", () => {
  it("sends a notification to every open socket of its recipient and to no one else", async () => {
    const alice = uniqueUser("alice");
    const bob = uniqueUser("bob");
    const aliceTabs = await Promise.all([connect(alice), connect(alice), connect(alice)]);
    const bobTab = await connect(bob);

    const result = await publish(alice, announcement());

    expect(result.delivered).toBe(3);
    for (const tab of aliceTabs) {
      const [frame] = await waitForNotifications(tab, 1, 2_000);
      expect(frame).toMatchObject({
        id: result.id,
        seq: result.seq,
        type: "system.announcement",
        requiresAck: false,
        data: { title: "Maintenance tonight", severity: "info" },
      });
      expect(typeof frame?.timestamp).toBe("number");
    }
    await publish(bob, announcement("Bob's own"));
    await waitForNotifications(bobTab, 1, 2_000);
    expect(bobTab.notifications().map((frame) => frame.type === "system.announcement" && frame.data.title)).toEqual([
      "Bob's own",
    ]);
  });

  it("answers delivered: 0 and keeps the notification when the user has no open socket", async () => {
    const user = uniqueUser();
    const result = await publish(user, announcement());
    expect(result).toMatchObject({ seq: 1, delivered: 0 });
    expect(result.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("numbers a user's notifications 1, 2, 3… with no gap, independently of other users", async () => {
    const alice = uniqueUser("alice");
    const bob = uniqueUser("bob");
    const seqs: number[] = [];
    for (let i = 0; i < 5; i++) seqs.push((await publish(alice, announcement(`n${i}`))).seq);
    const bobFirst = await publish(bob, announcement());
    expect(seqs).toEqual([1, 2, 3, 4, 5]);
    expect(bobFirst.seq).toBe(1);
  });

  it("gives every notification a different id", async () => {
    const user = uniqueUser();
    const ids = new Set<string>();
    for (let i = 0; i < 10; i++) ids.add((await publish(user, announcement())).id);
    expect(ids.size).toBe(10);
  });

  it("publishes one notification for a dedupeKey published twice, answering the first one's id and seq", async () => {
    const user = uniqueUser();
    const socket = await connect(user);
    const input = { ...invitation(), dedupeKey: "invite-42" };
    const first = await publish(user, input);
    const second = await publish(user, input);
    const other = await publish(user, { ...invitation(), dedupeKey: "invite-43" });

    expect(second.id).toBe(first.id);
    expect(second.seq).toBe(first.seq);
    expect(second.delivered).toBe(0);
    expect(other.seq).toBe(first.seq + 1);
    await waitForNotifications(socket, 2, 2_000);
    expect(socket.notifications().map((frame) => frame.id)).toEqual([first.id, other.id]);
  });

  it("uses each event's requiresAck default unless the publisher overrides it", async () => {
    const user = uniqueUser();
    const socket = await connect(user);
    await publish(user, invitation());
    await publish(user, announcement());
    await publish(user, invitation(false));
    await publish(user, { ...announcement(), requiresAck: true });
    const frames = await waitForNotifications(socket, 4, 2_000);
    expect(frames.map((frame) => frame.requiresAck)).toEqual([true, false, false, true]);
  });

  it("rejects invalid publish input with a clear error and stores nothing", async () => {
    const user = uniqueUser();
    const socket = await connect(user);
    const bad = [
      { type: "group.unknown", data: {} },
      { type: "system.announcement", data: { title: "x", body: "y", severity: "loud" } },
      { type: "group.invitation.received", data: { groupId: "g1" } },
      { type: "system.announcement", data: { title: "x", body: "y", severity: "info" }, requiresAck: "yes" },
    ];
    for (const input of bad) {
      // @ts-expect-error deliberately invalid input, as an untyped caller could send
      expect(await failureOf(() => publish(user, input))).toMatch(/invalid notification/);
    }
    expect(await failureOf(() => stubFor(user).publishNotification("", announcement()))).toMatch(/invalid userId/);
    const ok = await publish(user, announcement());
    expect(ok.seq).toBe(1);
    await waitForNotifications(socket, 1, 2_000);
    expect(socket.notifications()).toHaveLength(1);
  });

  it("refuses a publish for another user than the one whose object was called, and stores nothing", async () => {
    const alice = uniqueUser("alice");
    await publish(alice, announcement());
    expect(await failureOf(() => stubFor(alice).publishNotification("mallory", announcement()))).toMatch(
      /belongs to user/,
    );
    expect((await publish(alice, announcement())).seq).toBe(2);
  });
});
