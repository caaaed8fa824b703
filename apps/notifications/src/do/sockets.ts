import { z } from "zod";

/** What each hibernatable socket remembers about itself across hibernation. */
export const SocketAttachment = z.object({
  userId: z.string(),
  connectionId: z.string(),
  connectedAt: z.number().int(),
  /** The browser family of the upgrade's User-Agent (user-agent.ts), for the connection log. */
  userAgentFamily: z.string().nullable().optional(),
  /** Its client-frame token bucket (frame-rate.ts); absent on sockets opened before the limit existed. */
  bucket: z.object({ tokens: z.number(), refusals: z.number(), at: z.number() }).optional(),
  /** It sent `resume` (§4.1): it gets `read` frames and `readAt` on notifications; a v1 socket never does. */
  resumed: z.boolean().optional(),
});
export type SocketAttachment = z.infer<typeof SocketAttachment>;

export function attachmentOf(socket: WebSocket): SocketAttachment | null {
  const parsed = SocketAttachment.safeParse(socket.deserializeAttachment());
  return parsed.success ? parsed.data : null;
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

/** A close code the runtime lets us send back: reserved codes (1005, 1006, 1015) become a normal close. */
export function echoableCloseCode(code: number): number {
  return code === 1000 ||
    (code >= 1001 && code <= 1014 && code !== 1005 && code !== 1006) ||
    (code >= 3000 && code <= 4999)
    ? code
    : 1000;
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
