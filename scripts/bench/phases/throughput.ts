import { setTimeout as sleep } from "node:timers/promises";
import { ackFor, onFrame } from "../frames.ts";
import type { ThroughputResult } from "../results.ts";
import type { Target } from "../target.ts";

/**
 * Publishes per second into one user's object: `concurrency` publishers each sending the next
 * publish as soon as the last is answered, for `seconds`, with one socket of the user counting the
 * frames (and acking them, with `acks`).
 */
export async function measureThroughput(
  target: Target,
  concurrency: number,
  acks: boolean,
  seconds: number,
  runId: string,
): Promise<ThroughputResult> {
  const prefix = `${runId}-tput-${target.via}-${concurrency}-${acks ? "ack" : "noack"}`;
  const userId = `${prefix}-u`;
  const socket = await target.connect(userId);
  let framesReceived = 0;
  onFrame(socket, (frame) => {
    if (!frame.data?.title.startsWith(prefix)) return;
    framesReceived += 1;
    const ack = acks ? ackFor(frame) : null;
    if (ack) socket.send(ack);
  });

  let publishes = 0;
  let errors = 0;
  let sent = 0;
  const start = performance.now();
  const deadline = start + seconds * 1_000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        try {
          const response = await target.publish([userId], `${prefix}-${sent++}`, acks);
          await response.arrayBuffer();
          if (response.ok) publishes += 1;
          else errors += 1;
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const elapsedSeconds = (performance.now() - start) / 1_000;
  // Frames may trail the last answer; give them a moment before counting.
  for (let waited = 0; framesReceived < publishes && waited < 5_000; waited += 100) await sleep(100);
  socket.close(1000, "done");
  return {
    phase: "throughput",
    worker: target.worker,
    via: target.via,
    concurrency,
    acks,
    seconds: elapsedSeconds,
    publishes,
    perSecond: publishes / elapsedSeconds,
    framesReceived,
    errors,
  };
}
