import { runInDurableObject } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { openNotificationsSocket, type RecordingSocket, waitForNotifications } from "@repo/test-utils";
import { BASE, stubFor, tokenFor, uniqueUser } from "../helpers";

export interface DroppableSocket {
  /** What the client received; read it, but wait on it only through `waitForNotifications` below. */
  recording: RecordingSocket;
  /** Sends a frame from the client, in the context that owns the client's end. */
  send(frame: unknown): Promise<void>;
  /**
   * Waits for `n` notifications inside the holder. The socket's events fire
   * in the holder's I/O context: a promise the test made and an event there
   * resolved would carry the test (and the runner after it) on in the
   * holder's context, where every later I/O is "on behalf of a different
   * Durable Object" (issue 7's stray I/O errors).
   */
  waitForNotifications(n: number, timeoutMs: number): Promise<void>;
  /** Ends the client without a close frame, as a tab killed or a network cut would: the object sees 1006. */
  drop(): Promise<void>;
}

/**
 * A client socket whose end lives in another Durable Object (a "holder"), so
 * that aborting the holder tears the connection down with no close frame.
 * A socket opened from the test itself can only be closed cleanly.
 */
export async function connectDroppable(userId: string): Promise<DroppableSocket> {
  const holder = stubFor(uniqueUser("holder"));
  const token = await tokenFor(userId);
  const recording = await runInDurableObject(holder, () =>
    openNotificationsSocket(exports.default, token, `${BASE}/ws/notifications`),
  );
  return {
    recording,
    send: (frame) => runInDurableObject(holder, () => recording.send(frame)),
    async waitForNotifications(n, timeoutMs) {
      await runInDurableObject(holder, () => waitForNotifications(recording, n, timeoutMs));
    },
    async drop() {
      try {
        await runInDurableObject(holder, (_instance, state) => state.abort("client vanished"));
      } catch {
        // abort() rejects the call that made it: that is the point.
      }
    },
  };
}
