import type { NotificationFrame, PublishResult } from "@repo/notifications";
import { isNotificationFrame } from "@repo/notifications";
import { type RecordingSocket, sleep } from "@repo/test-utils";
import { describe, expect, it } from "vitest";
import { connect, invitation, publish, uniqueUser } from "../helpers";
import { countDrill, reportDrill } from "./ledger";
import { storedRows } from "./stored";

const FLOOD = 1_000;
// Issue 7's limits at their defaults: the drills run with the production configuration.
const MAX_PENDING_PER_USER = 500;
const RECONNECT_DELIVERY_LIMIT = 100;

/** Waits until no frame has arrived for `quietMs`: the end of one burst. */
async function quiet(socket: RecordingSocket, quietMs: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = -1;
  while (socket.frames.length !== seen && Date.now() < deadline) {
    seen = socket.frames.length;
    await sleep(quietMs);
  }
}

/**
 * Resumes from `afterSeq` in pages, as a client that keeps asking until a
 * page brings nothing new: the frames of one resume are one burst ending in
 * `resumed`, so the notification right before it is the page's newest.
 */
async function resumeAll(socket: RecordingSocket): Promise<number> {
  let cursor = 0;
  for (let page = 1; page <= 100; page++) {
    const resumedBefore = socket.frames.filter((frame) => frame.type === "resumed").length;
    socket.send({ type: "resume", afterSeq: cursor });
    await socket.until(
      (s) => s.frames.filter((frame) => frame.type === "resumed").length > resumedBefore,
      10_000,
      "resumed",
    );
    const end = socket.frames.findLastIndex((frame) => frame.type === "resumed");
    const last = socket.frames[end - 1];
    if (!last || !isNotificationFrame(last) || last.seq <= cursor) return page;
    cursor = last.seq;
  }
  throw new Error("resume never caught up");
}

describe("fault drill: a flood of invitations to one offline user", () => {
  it("gets each of 1,000 invitations to the user's one connection exactly once, through the connect delivery, the rounds and resume", async () => {
    const user = uniqueUser("flood");
    const published: PublishResult[] = [];
    for (let i = 0; i < FLOOD; i++) published.push(await publish(user, invitation()));
    const before = await storedRows(user);

    const socket = await connect(user);
    await quiet(socket, 100, 2_000);
    const onConnect = socket.notifications().length;
    const pages = await resumeAll(socket);
    const received: NotificationFrame[] = socket.notifications();

    // Past the pending cap the oldest are failed at once, and stay in history, where resume found them.
    const failed = before.filter((row) => row.status === "failed").map((row) => row.seq);
    expect.soft(failed).toEqual(Array.from({ length: FLOOD - MAX_PENDING_PER_USER }, (_, i) => i + 1));
    expect.soft(before.filter((row) => row.status === "pending")).toHaveLength(MAX_PENDING_PER_USER);
    // The connection itself sends a bounded number of frames in one event; the rest came through resume.
    expect.soft(onConnect).toBeLessThanOrEqual(RECONNECT_DELIVERY_LIMIT);
    reportDrill(
      `flood of ${FLOOD} invitations, then one connect (${onConnect} on connect, ${pages} resume pages)`,
      countDrill(published, received),
    );
  }, 90_000);
});
