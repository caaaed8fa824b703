import { DurableObject } from "cloudflare:workers";

// The bytes of @repo/notifications' PING_FRAME and PONG_FRAME, written out so that this worker bundles
// nothing of the project (no zod): the floor must carry none of the costs it is compared against.
const PING = '{"type":"ping"}';
const PONG = '{"type":"pong"}';

/**
 * The floor of `pnpm bench`: one object per user holding hibernatable sockets,
 * with the notifications object's ping auto-response, that sends a published
 * frame to each of them. No storage, no validation, no logs, on purpose.
 */
export class BareDO extends DurableObject {
  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING, PONG));
  }

  override async fetch(): Promise<Response> {
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Sends `frame` to every socket; answers how many took it. */
  publish(frame: string): number {
    let sent = 0;
    for (const socket of this.ctx.getWebSockets()) {
      try {
        socket.send(frame);
        sent += 1;
      } catch {
        // A socket that is closing: the notifications object skips those too.
      }
    }
    return sent;
  }
}
