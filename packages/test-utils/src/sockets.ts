import { isNotificationFrame, type NotificationFrame, ServerFrame } from "@repo/notifications";

/**
 * A client socket that records every frame it receives from the moment it
 * opens, so a test can wait for "the next n frames" without racing the
 * event loop.
 */
export class RecordingSocket {
  readonly frames: ServerFrame[] = [];
  readonly invalid: string[] = [];
  closed = false;
  private waiters: (() => void)[] = [];

  constructor(readonly socket: WebSocket) {
    socket.addEventListener("message", (event) => {
      const text = typeof event.data === "string" ? event.data : "";
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      const parsed = ServerFrame.safeParse(json);
      if (parsed.success) this.frames.push(parsed.data);
      else this.invalid.push(text);
      this.wake();
    });
    socket.addEventListener("close", () => {
      this.closed = true;
      this.wake();
    });
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === "string" ? frame : JSON.stringify(frame));
  }

  /** Notification frames received so far (pongs and errors left out). */
  notifications(): NotificationFrame[] {
    return this.frames.filter(isNotificationFrame);
  }

  errors() {
    return this.frames.filter((frame) => frame.type === "error");
  }

  /** Waits until `predicate` holds over what was received, or fails after `timeoutMs`. */
  async until(predicate: (socket: RecordingSocket) => boolean, timeoutMs: number, what = "condition"): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; received ${JSON.stringify(this.frames)}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    if (!this.closed) {
      try {
        this.socket.close(1000, "test done");
      } catch {
        // already closed
      }
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

/** Waits until `socket` has received at least `n` frames (of any kind) and returns the first `n`. */
export async function waitForMessages(socket: RecordingSocket, n: number, timeoutMs: number): Promise<ServerFrame[]> {
  await socket.until((s) => s.frames.length >= n, timeoutMs, `${n} frames`);
  return socket.frames.slice(0, n);
}

/** Waits until `socket` has received at least `n` notification frames and returns the first `n`. */
export async function waitForNotifications(socket: RecordingSocket, n: number, timeoutMs: number) {
  await socket.until((s) => s.notifications().length >= n, timeoutMs, `${n} notifications`);
  return socket.notifications().slice(0, n);
}

/** Resolves after `ms`; for the few tests that must show something does NOT happen. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Opens a notifications socket through `worker` (the worker itself, or a
 * binding to it) with `token` as the session, as a browser tab would.
 */
export async function openNotificationsSocket(
  worker: { fetch(input: string, init?: RequestInit): Promise<Response> },
  token: string,
  url = "http://notifications.test/ws/notifications",
): Promise<RecordingSocket> {
  const response = await worker.fetch(url, { headers: { Upgrade: "websocket", Authorization: `Bearer ${token}` } });
  const socket = response.webSocket;
  if (response.status !== 101 || !socket)
    throw new Error(`upgrade failed: ${response.status} ${await response.text()}`);
  socket.accept();
  return new RecordingSocket(socket);
}
