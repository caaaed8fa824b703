import { signSession } from "@repo/auth";
import { type Announcement, postAnnouncement } from "../lib/admin.ts";
import { devSettings } from "../lib/config.ts";
import { openSocket } from "../lib/socket.ts";
import type { BenchWorker, WorkerName } from "./workers.ts";

/** Straight to the worker's workerd, or through wrangler dev's proxy in front of it. */
export type Via = "direct" | "proxy";

/** One worker reached one way: what every phase measures through, the same for both workers. */
export interface Target {
  worker: WorkerName;
  via: Via;
  baseUrl: string;
  connect(userId: string): Promise<WebSocket>;
  publish(userIds: string[], title: string, requiresAck: boolean): Promise<Response>;
}

export function targetOf(worker: BenchWorker, via: Via): Target {
  const baseUrl = via === "direct" ? worker.innerUrl : worker.proxyUrl;
  const socketBase = baseUrl.replace(/^http/, "ws");
  const secret = devSettings().SESSION_SECRET;
  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (userId: string) => {
    const token = tokens.get(userId) ?? signSession(secret, { userId, name: userId });
    tokens.set(userId, token);
    return token;
  };
  return {
    worker: worker.name,
    via,
    baseUrl,
    // The bare worker has no sessions: its user is the path.
    connect: async (userId) =>
      worker.name === "bare"
        ? openSocket(`${socketBase}/ws/${encodeURIComponent(userId)}`)
        : openSocket(`${socketBase}/ws/notifications`, { Authorization: `Bearer ${await tokenFor(userId)}` }),
    publish: (userIds, title, requiresAck) => {
      const data: Announcement = { title, body: "benchmark", severity: "info" };
      return postAnnouncement(baseUrl, userIds, data, requiresAck);
    },
  };
}

/** Opens a socket for each of `userIds`, `concurrency` handshakes at a time, in order; null where one failed. */
export async function connectEach(target: Target, userIds: string[], concurrency = 50): Promise<(WebSocket | null)[]> {
  const sockets: (WebSocket | null)[] = new Array(userIds.length).fill(null);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, userIds.length) }, async () => {
      for (let index = next++; index < userIds.length; index = next++) {
        const userId = userIds[index];
        if (userId !== undefined) sockets[index] = await target.connect(userId).catch(() => null);
      }
    }),
  );
  return sockets;
}

/** connectEach(), where every socket must open. */
export async function connectAll(target: Target, userIds: string[], concurrency = 50): Promise<WebSocket[]> {
  const sockets = await connectEach(target, userIds, concurrency);
  const open = sockets.filter((socket): socket is WebSocket => socket !== null);
  if (open.length < sockets.length) {
    for (const socket of open) socket.close(1000, "done");
    throw new Error(
      `${target.worker} (${target.via}): ${sockets.length - open.length} of ${sockets.length} sockets failed to open`,
    );
  }
  return open;
}
