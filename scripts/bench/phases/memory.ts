import { setTimeout as sleep } from "node:timers/promises";
import { PING_FRAME } from "@repo/notifications";
import { residentBytes } from "../processes.ts";
import type { MemoryResult } from "../results.ts";
import { connectEach, type Target } from "../target.ts";

const PONG_TIMEOUT_MS = 10_000;
const SETTLE_MS = 1_000;

/**
 * The workerd's resident memory. No forced collection first: workerd's inspector takes
 * `HeapProfiler.collectGarbage` and never answers it (checked against wrangler 4.164's workerd), so the
 * same settle before each reading in both workers stands in for it.
 */
async function rssSettled(pid: number): Promise<number> {
  await sleep(SETTLE_MS);
  const bytes = residentBytes(pid);
  if (bytes === null) throw new Error(`workerd process ${pid} is gone`);
  return bytes;
}

async function warmUp(target: Target, userId: string): Promise<void> {
  const socket = await target.connect(userId);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${target.worker}: no pong on the warm-up socket`)),
      PONG_TIMEOUT_MS,
    );
    socket.addEventListener("message", (event) => {
      if (!String(event.data).includes('"pong"')) return;
      clearTimeout(timer);
      resolve();
    });
    socket.send(PING_FRAME);
  });
  socket.close(1000, "warm-up done");
}

/**
 * Resident memory per hibernated socket: the worker's workerd (warmed up by one socket) before and after `count` users open
 * one socket each and stay idle past hibernation. Then every socket is pinged: the auto-response
 * answers without waking an object, so a pong from each shows every socket is still held.
 */
export async function measureMemory(
  target: Target,
  workerdPid: number,
  count: number,
  waitSeconds: number,
  runId: string,
): Promise<MemoryResult> {
  const userIds = Array.from({ length: count }, (_, index) => `${runId}-mem-${count}-u${index}`);
  // One socket opened and closed first: the code a worker loads, compiles and sets up once per
  // process (its routes, its object class, SQLite's first database) is not a cost per socket.
  await warmUp(target, `${runId}-mem-${count}-warm-up`);
  const rssBeforeBytes = await rssSettled(workerdPid);
  const sockets = (await connectEach(target, userIds)).filter((socket): socket is WebSocket => socket !== null);
  await sleep(waitSeconds * 1_000);
  const rssAfterBytes = await rssSettled(workerdPid);
  const open = sockets.filter((socket) => socket.readyState === WebSocket.OPEN);

  let ponged = 0;
  let allPonged: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    allPonged = resolve;
  });
  if (open.length === 0) allPonged();
  for (const socket of open) {
    socket.addEventListener("message", (event) => {
      if (String(event.data).includes('"pong"') && ++ponged === open.length) allPonged();
    });
    socket.send(PING_FRAME);
  }
  // Unreferenced: a deadline that did not fire must not keep the process alive.
  await Promise.race([done, sleep(PONG_TIMEOUT_MS, undefined, { ref: false })]);
  for (const socket of sockets) socket.close(1000, "done");
  return {
    phase: "memory",
    worker: target.worker,
    via: target.via,
    sockets: count,
    waitedSeconds: waitSeconds,
    rssBeforeBytes,
    rssAfterBytes,
    perSocketBytes: (rssAfterBytes - rssBeforeBytes) / count,
    open: open.length,
    ponged,
  };
}
