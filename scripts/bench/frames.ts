import { z } from "zod";

/**
 * What the benchmark reads of a server frame, from either worker: one light schema for both, so
 * that parsing costs the client the same whichever worker it measures.
 */
export const BenchFrame = z.object({
  type: z.string(),
  id: z.string().optional(),
  seq: z.number().optional(),
  requiresAck: z.boolean().optional(),
  lastSeq: z.number().optional(),
  data: z.object({ title: z.string() }).optional(),
});
export type BenchFrame = z.infer<typeof BenchFrame>;

/** Calls `handler` with every frame `socket` receives that reads as a BenchFrame. */
export function onFrame(socket: WebSocket, handler: (frame: BenchFrame) => void): () => void {
  const listener = (event: MessageEvent) => {
    let json: unknown;
    try {
      json = JSON.parse(String(event.data));
    } catch {
      return;
    }
    const frame = BenchFrame.safeParse(json);
    if (frame.success) handler(frame.data);
  };
  socket.addEventListener("message", listener);
  return () => socket.removeEventListener("message", listener);
}

/** The hook's answer to a frame that needs an ack. */
export function ackFor(frame: BenchFrame): string | null {
  return frame.requiresAck && frame.id ? JSON.stringify({ type: "ack", notificationId: frame.id }) : null;
}
