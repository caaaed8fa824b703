import type { NotificationFrame, PublishResult } from "@repo/notifications";
import type { RecordingSocket } from "@repo/test-utils";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { connect, invitation, publish, uniqueUser } from "../helpers";
import { countDrill, reportDrill } from "./ledger";
import { storedRows } from "./stored";

const FLOOD = 1_000;
// Issue 7's limits at their defaults: the drills run with the production configuration.
const MAX_PENDING_PER_USER = 500;
const RECONNECT_DELIVERY_LIMIT = 100;

/**
 * Resumes from the start, as a client does after a long absence: a page per
 * event, each `resumed` saying where it ended and whether more follows.
 * Returns the number of pages.
 */
async function resumeAll(socket: RecordingSocket): Promise<number> {
  let afterSeq = 0;
  for (let page = 1; page <= 100; page++) {
    const answered = () => socket.frames.filter((frame) => frame.type === "resumed");
    const before = answered().length;
    socket.send({ type: "resume", afterSeq });
    await socket.until(() => answered().length > before, 10_000, "resumed");
    const resumed = answered().at(-1);
    if (resumed?.type !== "resumed" || !resumed.more) return page;
    afterSeq = resumed.lastSeq;
  }
  throw new Error("resume never caught up");
}

const ConnectLine = z.object({ event: z.literal("connect"), pendingSent: z.number() });

/**
 * The pending notifications the object sent in each connect event, in its own
 * words (its `connect` log line, read from the calls `console.log` saw): a
 * socket cannot tell the frames of the connect event from those of the alarm
 * runs that follow it at once.
 */
function connectEvents(calls: readonly unknown[][]): number[] {
  return calls.flatMap(([line]) => {
    if (typeof line !== "string") return [];
    let fields: unknown;
    try {
      fields = JSON.parse(line);
    } catch {
      return [];
    }
    const parsed = ConnectLine.safeParse(fields);
    return parsed.success ? [parsed.data.pendingSent] : [];
  });
}

describe("fault drill: a flood of invitations to one offline user", () => {
  it("gets each of 1,000 invitations to the user's one connection exactly once, through the connect delivery, the rounds and resume", async () => {
    const user = uniqueUser("flood");
    const published: PublishResult[] = [];
    for (let i = 0; i < FLOOD; i++) published.push(await publish(user, invitation()));
    const before = await storedRows(user);

    const logs = vi.spyOn(console, "log");
    const socket = await connect(user);
    await socket.until(
      (s) => new Set(s.notifications().map((frame) => frame.id)).size >= MAX_PENDING_PER_USER,
      10_000,
      "a round of every pending invitation",
    );
    const perConnect = connectEvents(logs.mock.calls);
    logs.mockRestore();
    const afterConnect = new Set(socket.notifications().map((frame) => frame.id)).size;
    const pages = await resumeAll(socket);
    const received: NotificationFrame[] = socket.notifications();

    // Past the pending cap the oldest are failed at once, and stay in history, where resume found them.
    const failed = before.filter((row) => row.status === "failed").map((row) => row.seq);
    expect.soft(failed).toEqual(Array.from({ length: FLOOD - MAX_PENDING_PER_USER }, (_, i) => i + 1));
    expect.soft(before.filter((row) => row.status === "pending")).toHaveLength(MAX_PENDING_PER_USER);
    // The connect event sends a bounded number of frames; the alarm runs that follow at once give the other
    // pending ones their round, a bounded batch per run, and resume (a bounded page per event) brings the failed.
    expect.soft(perConnect).toHaveLength(1);
    expect.soft(perConnect[0]).toBe(RECONNECT_DELIVERY_LIMIT);
    expect.soft(afterConnect).toBe(MAX_PENDING_PER_USER);
    expect.soft(pages).toBe(FLOOD / RECONNECT_DELIVERY_LIMIT);
    reportDrill(
      `flood of ${FLOOD} invitations, then one connect (${perConnect[0]} in the connect event, ${afterConnect} pending after the rounds that followed, ${pages} resume pages)`,
      countDrill(published, received),
    );
  }, 90_000);
});
