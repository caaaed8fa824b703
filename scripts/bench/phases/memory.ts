import { setTimeout as sleep } from "node:timers/promises";
import { PING_FRAME } from "@repo/notifications";
import { residentBytes } from "../processes.ts";
import type { MemoryResult } from "../results.ts";
import { connectEach, type Target } from "../target.ts";

const PONG_TIMEOUT_MS = 10_000;

function rssOf(pid: number): number {
  const bytes = residentBytes(pid);
  if (bytes === null) throw new Error(`workerd process ${pid} is gone`);
  return bytes;
}

/**
 * Resident memory per hibernated socket: the worker's workerd before and after `count` users open
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
  await sleep(1_000);
  const rssBeforeBytes = rssOf(workerdPid);
  const sockets = (await connectEach(target, userIds)).filter((socket): socket is WebSocket => socket !== null);
  await sleep(waitSeconds * 1_000);
  const rssAfterBytes = rssOf(workerdPid);
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
