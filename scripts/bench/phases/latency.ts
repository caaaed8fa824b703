import { ackFor, onFrame } from "../frames.ts";
import type { LatencyResult, LatencyShape } from "../results.ts";
import { summarize } from "../stats.ts";
import { connectAll, type Target } from "../target.ts";

const SHAPES: Record<LatencyShape, { users: number; socketsPerUser: number }> = {
  "1x1": { users: 1, socketsPerUser: 1 },
  "1x10": { users: 1, socketsPerUser: 10 },
  "100x1": { users: 100, socketsPerUser: 1 },
};
export const LATENCY_SHAPES: LatencyShape[] = ["1x1", "1x10", "100x1"];

const FRAME_TIMEOUT_MS = 10_000;

/**
 * Publish → the frame on the last of the recipient's sockets, one publish at a time. With several
 * users, each publish goes to the next user in turn, so the objects take turns (and their audit
 * flushes overlap) as when many users are notified. With `acks`, the notification needs an ack
 * and every socket sends it on arrival, as the hook does.
 */
export async function measureLatency(
  target: Target,
  shape: LatencyShape,
  acks: boolean,
  samples: number,
  warmup: number,
  runId: string,
): Promise<LatencyResult> {
  const { users, socketsPerUser } = SHAPES[shape];
  const prefix = `${runId}-lat-${target.via}-${shape}-${acks ? "ack" : "noack"}`;
  const userIds = Array.from({ length: users }, (_, index) => `${prefix}-u${index}`);
  const sockets = await connectAll(
    target,
    userIds.flatMap((userId) => Array.from({ length: socketsPerUser }, () => userId)),
  );
  let waiting: { title: string; left: number; done: () => void } | null = null;
  for (const socket of sockets) {
    onFrame(socket, (frame) => {
      const ack = acks ? ackFor(frame) : null;
      if (ack) socket.send(ack);
      if (waiting && frame.data?.title === waiting.title && --waiting.left === 0) waiting.done();
    });
  }

  const samplesMs: number[] = [];
  let timedOut = 0;
  // Every object is warm before the first sample counts.
  const warmupRounds = Math.max(warmup, users);
  for (let index = -warmupRounds; index < samples; index++) {
    const title = `${prefix}-${index}`;
    const recipient = userIds[(index + warmupRounds) % users] ?? "";
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The moment the last frame arrives, which may be before the publish request is answered.
    const arrived = new Promise<number | null>((resolve) => {
      waiting = { title, left: socketsPerUser, done: () => resolve(performance.now()) };
      timer = setTimeout(() => resolve(null), FRAME_TIMEOUT_MS);
    });
    const start = performance.now();
    const response = await target.publish([recipient], title, acks);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${target.worker} publish answered ${response.status}`);
    const arrivedAt = await arrived;
    clearTimeout(timer);
    if (index < 0) continue;
    if (arrivedAt === null) timedOut += 1;
    else samplesMs.push(arrivedAt - start);
  }
  for (const socket of sockets) socket.close(1000, "done");
  return {
    phase: "latency",
    worker: target.worker,
    via: target.via,
    shape,
    acks,
    samplesMs,
    summary: summarize(samplesMs),
    timedOut,
  };
}
