import { setTimeout as sleep } from "node:timers/promises";
import { backoffDelay } from "../../../packages/notifications-react/src/backoff.ts";
import { announce } from "../../lib/admin.ts";
import { type BenchFrame, onFrame } from "../frames.ts";
import type { StormResult } from "../results.ts";
import { connectAll, type Target } from "../target.ts";

const BACK_TIMEOUT_MS = 180_000;
const SETTLE_TIMEOUT_MS = 15_000;
const PUBLISHERS = 4;

/** One simulated tab: the hook's reconnect loop, reduced to what the storm exercises. */
interface Tab {
  userId: string;
  socket: WebSocket;
  detach: () => void;
  lastSeq: number;
  attempt: number;
  back: boolean;
  /** How often each notification id arrived on this tab, over all of its sockets. */
  seen: Map<string, number>;
}

/**
 * A reconnect storm: `users` users with `socketsPerUser` tabs each, every socket dropped at once,
 * then each reconnecting with the hook's backoff (capped exponential, full jitter) and, on the
 * notifications worker, resuming from the newest seq it saw. Meanwhile notifications are published
 * to random users; afterwards every tab must hold each of its user's exactly once.
 */
export async function measureStorm(
  target: Target,
  users: number,
  socketsPerUser: number,
  runId: string,
): Promise<StormResult> {
  const resumes = target.worker === "ours";
  const userIds = Array.from({ length: users }, (_, index) => `${runId}-storm-${target.via}-u${index}`);
  const tabUsers = userIds.flatMap((userId) => Array.from({ length: socketsPerUser }, () => userId));
  let backCount = 0;
  let connectAttempts = tabUsers.length;
  let allBack: () => void = () => {};
  const everyoneBack = new Promise<void>((resolve) => {
    allBack = resolve;
  });
  let dropped = false;
  let finished = false;

  const listen = (tab: Tab, socket: WebSocket, onResumed: () => void) =>
    onFrame(socket, (frame: BenchFrame) => {
      if (frame.type === "resumed" && frame.lastSeq !== undefined) {
        tab.lastSeq = Math.max(tab.lastSeq, frame.lastSeq);
        onResumed();
      } else if (frame.id !== undefined && frame.seq !== undefined) {
        tab.lastSeq = Math.max(tab.lastSeq, frame.seq);
        tab.seen.set(frame.id, (tab.seen.get(frame.id) ?? 0) + 1);
      }
    });
  const markBack = (tab: Tab) => {
    if (tab.back || !dropped) return;
    tab.back = true;
    if (++backCount === tabs.length) allBack();
  };

  // Every tab first connects and, on the notifications worker, learns its baseline seq.
  const sockets = await connectAll(target, tabUsers);
  const tabs: Tab[] = [];
  await Promise.all(
    sockets.map(async (socket, index) => {
      const tab: Tab = {
        userId: tabUsers[index] ?? "",
        socket,
        detach: () => {},
        lastSeq: 0,
        attempt: 0,
        back: false,
        seen: new Map(),
      };
      tabs.push(tab);
      if (!resumes) return;
      await new Promise<void>((resolve) => {
        tab.detach = listen(tab, socket, resolve);
        socket.send(JSON.stringify({ type: "resume" }));
      });
    }),
  );

  const reconnect = (tab: Tab) => {
    setTimeout(
      async () => {
        connectAttempts += 1;
        try {
          const socket = await target.connect(tab.userId);
          tab.socket = socket;
          // A socket lost again before it was back starts the next attempt, as the hook's onclose does.
          socket.addEventListener("close", () => {
            if (tab.back || finished) return;
            tab.detach();
            reconnect(tab);
          });
          if (!resumes) {
            markBack(tab);
            return;
          }
          tab.detach = listen(tab, socket, () => markBack(tab));
          socket.send(JSON.stringify({ type: "resume", afterSeq: tab.lastSeq }));
        } catch {
          reconnect(tab);
        }
      },
      backoffDelay(tab.attempt++),
    );
  };

  const published: { userId: string; id: string }[] = [];
  const droppedAt = performance.now();
  dropped = true;
  for (const tab of tabs) {
    // Like the hook after a missed pong: forget the old socket at once and schedule the next attempt.
    tab.detach();
    tab.socket.close(4000, "dropped");
    reconnect(tab);
  }
  let publishing = resumes;
  let publishErrors = 0;
  const publishers = Array.from({ length: PUBLISHERS }, async () => {
    while (publishing) {
      const userId = userIds[Math.floor(Math.random() * userIds.length)] ?? "";
      try {
        const answer = await announce(
          [userId],
          { title: `${runId}-storm`, body: "storm", severity: "info" },
          false,
          target.baseUrl,
        );
        for (const entry of answer.published) published.push({ userId: entry.userId, id: entry.id });
      } catch {
        publishErrors += 1;
        await sleep(50);
      }
    }
  });
  // Unreferenced: a deadline that did not fire must not keep the process alive.
  await Promise.race([everyoneBack, sleep(BACK_TIMEOUT_MS, undefined, { ref: false })]);
  const allBackMs = performance.now() - droppedAt;
  publishing = false;
  await Promise.all(publishers);

  const missing = () =>
    tabs.reduce(
      (sum, tab) => sum + published.filter((entry) => entry.userId === tab.userId && !tab.seen.has(entry.id)).length,
      0,
    );
  for (let waited = 0; missing() > 0 && waited < SETTLE_TIMEOUT_MS; waited += 200) await sleep(200);
  const stormIds = new Set(published.map((entry) => entry.id));
  const duplicated = tabs.reduce(
    (sum, tab) => sum + [...tab.seen].filter(([id, count]) => stormIds.has(id) && count > 1).length,
    0,
  );
  finished = true;
  for (const tab of tabs) tab.socket.close(1000, "done");
  if (publishErrors > 0) console.log(`[bench]   storm: ${publishErrors} publishes failed and were not counted`);
  return {
    phase: "storm",
    worker: target.worker,
    via: target.via,
    users,
    sockets: tabs.length,
    allBackMs,
    back: backCount,
    connectAttempts,
    published: published.length,
    lost: missing(),
    duplicated,
  };
}
