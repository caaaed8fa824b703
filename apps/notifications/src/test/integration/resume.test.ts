import { waitForMessages, waitForNotifications } from "@repo/test-utils";
import { describe, expect, it } from "vitest";
import { announcement, connect, invitation, publish, uniqueUser } from "../helpers";

describe("resuming after a reconnect", () => {
  it("sends a reconnected client every notification after its last seq, acknowledged or not, then the newest seq", async () => {
    const user = uniqueUser();
    const first = await connect(user);
    const a = await publish(user, announcement("seen"));
    await waitForNotifications(first, 1, 2_000);
    // While the second tab is away: one needing no ack, one acked by the first tab.
    const b = await publish(user, announcement("missed"));
    const c = await publish(user, invitation());
    await waitForNotifications(first, 3, 2_000);
    first.send({ type: "ack", notificationId: c.id });

    const second = await connect(user);
    second.send({ type: "resume", afterSeq: a.seq });
    await second.until((s) => s.frames.some((frame) => frame.type === "resumed"), 2_000, "resumed");
    expect(second.notifications().map((frame) => frame.id)).toEqual([b.id, c.id]);
    expect(second.frames.at(-1)).toEqual({ type: "resumed", lastSeq: c.seq, unread: 3 });
  });

  it("answers a resume without a seq with the newest seq only, as a baseline", async () => {
    const user = uniqueUser();
    await publish(user, announcement());
    const last = await publish(user, announcement());
    const socket = await connect(user);
    socket.send({ type: "resume" });
    const frames = await waitForMessages(socket, 1, 2_000);
    expect(frames).toEqual([{ type: "resumed", lastSeq: last.seq, unread: 2 }]);
  });

  it("answers a client that is up to date with nothing but the newest seq", async () => {
    const user = uniqueUser();
    const socket = await connect(user);
    const last = await publish(user, announcement());
    await waitForNotifications(socket, 1, 2_000);
    socket.send({ type: "resume", afterSeq: last.seq });
    await socket.until((s) => s.frames.some((frame) => frame.type === "resumed"), 2_000, "resumed");
    expect(socket.notifications()).toHaveLength(1);
  });

  it("catches up a long absence page by page: each resumed frame says where its page ended and that more follows, and nothing is skipped", async () => {
    // The page is the reconnect delivery bound, 100 frames by default (config.ts).
    const user = uniqueUser();
    const published = [];
    for (let i = 0; i < 230; i++) published.push(await publish(user, announcement(`n${i}`)));
    const socket = await connect(user);
    const answers: unknown[] = [];
    let afterSeq = 0;
    for (let page = 0; page < 5; page++) {
      const before = socket.frames.filter((frame) => frame.type === "resumed").length;
      socket.send({ type: "resume", afterSeq });
      await socket.until((s) => s.frames.filter((frame) => frame.type === "resumed").length > before, 2_000, "resumed");
      const resumed = socket.frames.filter((frame) => frame.type === "resumed").at(-1);
      answers.push(resumed);
      if (resumed?.type !== "resumed" || !resumed.more) break;
      afterSeq = resumed.lastSeq;
    }
    expect(answers).toEqual([
      { type: "resumed", lastSeq: 100, more: true, unread: 230 },
      { type: "resumed", lastSeq: 200, more: true, unread: 230 },
      { type: "resumed", lastSeq: 230, unread: 230 },
    ]);
    expect(socket.notifications().map((frame) => frame.seq)).toEqual(published.map((result) => result.seq));
  });

  it("never sends a socket twice what it received live between its connect and its resume (the storm's duplicates)", async () => {
    const user = uniqueUser();
    const missed = await publish(user, announcement("while away"));
    const socket = await connect(user);
    // Published after the socket was accepted and before it resumed: it goes out live.
    const live = await publish(user, announcement("live"));
    await waitForNotifications(socket, 1, 2_000);
    socket.send({ type: "resume", afterSeq: 0 });
    await socket.until((s) => s.frames.some((frame) => frame.type === "resumed"), 2_000, "resumed");
    expect(socket.notifications().map((frame) => frame.id)).toEqual([live.id, missed.id]);
    expect(socket.frames.at(-1)).toEqual({ type: "resumed", lastSeq: live.seq, unread: 2 });
  });

  it("answers a resume with a bad seq with an error frame", async () => {
    const socket = await connect(uniqueUser());
    socket.send({ type: "resume", afterSeq: -1 });
    const [reply] = await waitForMessages(socket, 1, 2_000);
    expect(reply).toMatchObject({ type: "error", message: expect.stringMatching(/invalid frame/) });
  });
});
