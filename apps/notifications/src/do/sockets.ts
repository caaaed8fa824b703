import { z } from "zod";

/** What each hibernatable socket remembers about itself across hibernation. */
export const SocketAttachment = z.object({
  connectionId: z.string(),
  connectedAt: z.number().int(),
  /** The browser family of the upgrade's User-Agent (user-agent.ts), for the connection log. */
  userAgentFamily: z.string().nullable().optional(),
  /** Its client-frame token bucket (frame-rate.ts); absent on sockets opened before the limit existed. */
  bucket: z.object({ tokens: z.number(), refusals: z.number(), at: z.number() }).optional(),
  /** It sent `resume` (§4.1): it gets `read` frames and `readAt` on notifications; a v1 socket never does. */
  resumed: z.boolean().optional(),
  /**
   * The newest seq when the socket was accepted: every notification after it
   * was sent to this socket live, so a resume replays none of those again.
   * Absent on sockets accepted before it was recorded (they are replayed up to the newest).
   */
  liveAfterSeq: z.number().int().nonnegative().optional(),
});
export type SocketAttachment = z.infer<typeof SocketAttachment>;

/**
 * Each socket's attachment as this instance last read or wrote it: a send to
 * every socket does not deserialize and validate every attachment again. The
 * runtime hands out the same WebSocket object for a socket while the instance
 * lives; after hibernation the cache starts empty, and reads from the socket.
 */
const attachments = new WeakMap<WebSocket, SocketAttachment | null>();

export function attachmentOf(socket: WebSocket): SocketAttachment | null {
  const known = attachments.get(socket);
  if (known !== undefined) return known;
  const parsed = SocketAttachment.safeParse(socket.deserializeAttachment());
  const attachment = parsed.success ? parsed.data : null;
  attachments.set(socket, attachment);
  return attachment;
}

/** Writes a socket's attachment (it outlives hibernation) and remembers it. */
export function setAttachment(socket: WebSocket, attachment: SocketAttachment): void {
  socket.serializeAttachment(attachment);
  attachments.set(socket, attachment);
}

/** Sockets that can still be sent to: closing, closed or errored ones are never sent to again. */
export function openSockets(sockets: readonly WebSocket[]): WebSocket[] {
  return sockets.filter((socket) => socket.readyState === WebSocket.OPEN);
}

/** Sends `text` to each socket; returns how many took it. One broken socket never stops the others. */
export function sendToAll(sockets: readonly WebSocket[], text: string): number {
  let delivered = 0;
  for (const socket of sockets) {
    try {
      socket.send(text);
      delivered++;
    } catch {
      // The socket died between the readyState check and the send; its close event follows.
    }
  }
  return delivered;
}

/**
 * Completes the close a client started, as partyserver does. With
 * compatibility dates from 2026-04-07 the runtime has already answered the
 * close frame (the socket is CLOSED): nothing is left to do. Otherwise the
 * code is echoed, except the ones no close frame may carry: 1006 and 1015
 * (the connection is gone; there is nobody to answer) and 1005 (no code was
 * sent; the answer is a normal close). A socket that went away meanwhile is
 * the normal end of a socket, not an error.
 */
export function completeClose(socket: Pick<WebSocket, "readyState" | "close">, code: number, reason: string): void {
  if (socket.readyState === WebSocket.CLOSED || code === 1006 || code === 1015) return;
  const sendable = code === 1000 || (code >= 1001 && code <= 1014 && code !== 1005) || (code >= 3000 && code <= 4999);
  try {
    socket.close(sendable ? code : 1000, sendable ? reason.slice(0, 120) : "");
  } catch {
    // Closed in the meantime: the close is complete.
  }
}

/**
 * The sockets to close so that at most `max` stay open: the oldest ones,
 * by connection time (a socket without a readable attachment counts as oldest).
 */
export function socketsOverCap(sockets: readonly WebSocket[], max: number): WebSocket[] {
  if (sockets.length <= max) return [];
  return sockets
    .map((socket) => ({ socket, connectedAt: attachmentOf(socket)?.connectedAt ?? 0 }))
    .sort((a, b) => a.connectedAt - b.connectedAt)
    .slice(0, sockets.length - max)
    .map((entry) => entry.socket);
}

/** Splits sockets into v1 ones and resumed (§4.1) ones, which get different frames. */
export function byProtocol(sockets: readonly WebSocket[]): { v1: WebSocket[]; resumed: WebSocket[] } {
  const v1: WebSocket[] = [];
  const resumed: WebSocket[] = [];
  for (const socket of sockets) (attachmentOf(socket)?.resumed ? resumed : v1).push(socket);
  return { v1, resumed };
}
