import { type ClientFrame, type NotificationFrame, PING_FRAME } from "@repo/notifications/client";
import { messageOf } from "../api/http";
import { type BackoffOptions, backoffDelay } from "./backoff";
import { addNotification, markAcknowledged, type ReceivedNotification } from "./notification-list";
import { parseServerFrame } from "./parse-server-frame";
import { SeenIds } from "./seen-ids";

export type ConnectionStatus = "connecting" | "open" | "reconnecting" | "closed" | "unauthorized";

export interface NotificationsError {
  kind: "invalid-frame" | "server-error" | "callback-failed" | "invalid-url";
  message: string;
}

export interface ConnectionSnapshot {
  status: ConnectionStatus;
  notifications: readonly ReceivedNotification[];
  lastError: NotificationsError | null;
  /** While waiting to reconnect: when the next attempt starts (ms since the epoch). Otherwise null. */
  nextRetryAt: number | null;
}

export interface ConnectionSettings {
  url: string;
  /** Answers 200 while the session is good and 401 once it is not; null to never ask. */
  sessionUrl: string | null;
  pingIntervalMs: number;
  pongTimeoutMs: number;
  /** A connection that stayed open this long resets the backoff to its first step. */
  stableAfterMs: number;
  maxNotifications: number;
  backoff: BackoffOptions;
}

export interface ConnectionHandlers {
  onNotification(notification: NotificationFrame): void;
  onError(error: NotificationsError): void;
  onChange(snapshot: ConnectionSnapshot): void;
  random(): number;
}

export const CONNECTING: ConnectionSnapshot = {
  status: "connecting",
  notifications: [],
  lastError: null,
  nextRetryAt: null,
};
export const CLOSED: ConnectionSnapshot = { status: "closed", notifications: [], lastError: null, nextRetryAt: null };

/** Enough to cover every retry round of every notification a tab can plausibly hold. */
const SEEN_IDS_LIMIT = 2_000;
const CLOSE_NORMAL = 1000;
/** Application close code (4000-4999) for a socket we gave up on because it stopped answering pings. */
const CLOSE_NO_PONG = 4000;

type SessionState = "authorized" | "unauthorized" | "unknown" | "stale";

/**
 * One tab's notifications socket over its whole life: connect, ping, ack,
 * dedupe, back off and reconnect. Plain TypeScript so the React hook stays a
 * thin adapter; one instance per hook mount, never reused after `stop()`.
 */
export class NotificationsConnection {
  private snapshot: ConnectionSnapshot = CONNECTING;
  private readonly seen = new SeenIds(SEEN_IDS_LIMIT);
  private socket: WebSocket | null = null;
  /** The newest seq this tab knows of: where a resume after a reconnect starts. */
  private lastSeq: number | null = null;
  private openedAt: number | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  private probe: AbortController | null = null;
  private stopped = false;

  constructor(
    private readonly settings: ConnectionSettings,
    private readonly handlers: ConnectionHandlers,
  ) {}

  start(): void {
    if (this.stopped) return;
    window.addEventListener("online", this.wake);
    document.addEventListener("visibilitychange", this.onVisibilityChange);
    this.connect("connecting");
  }

  stop(): void {
    this.stopped = true;
    window.removeEventListener("online", this.wake);
    document.removeEventListener("visibilitychange", this.onVisibilityChange);
    this.cancelPendingAttempt();
    this.closeSocket(CLOSE_NORMAL, "client closed");
  }

  private connect(status: "connecting" | "reconnecting"): void {
    this.cancelPendingAttempt();
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.settings.url);
    } catch (error) {
      // A malformed URL fails the same way on every attempt, so there is nothing to retry.
      this.update({ status: "closed", nextRetryAt: null });
      this.report("invalid-url", messageOf(error));
      return;
    }
    this.socket = socket;
    this.openedAt = null;
    socket.onopen = () => this.handleOpen();
    socket.onmessage = (event) => this.handleMessage(event.data);
    socket.onclose = () => this.handleDisconnect(CLOSE_NORMAL, "closed");
    this.update({ status, nextRetryAt: null });
  }

  private handleOpen(): void {
    this.openedAt = Date.now();
    this.pingTimer = setInterval(() => this.ping(), this.settings.pingIntervalMs);
    this.update({ status: "open", nextRetryAt: null });
    // Catch up on whatever was published while this tab was disconnected (none on a first connection,
    // which only learns the newest seq, its baseline for the next reconnect).
    this.send(this.lastSeq === null ? { type: "resume" } : { type: "resume", afterSeq: this.lastSeq });
  }

  private handleMessage(data: unknown): void {
    // Any frame at all shows the connection is alive.
    this.clearPongTimer();
    const parsed = parseServerFrame(data);
    if (!parsed.ok) {
      this.report("invalid-frame", parsed.reason);
      return;
    }
    const frame = parsed.frame;
    if (frame.type === "pong") return;
    if (frame.type === "error") {
      this.report("server-error", frame.message);
      return;
    }
    if (frame.type === "resumed") {
      this.lastSeq = Math.max(this.lastSeq ?? 0, frame.lastSeq);
      // One page of a long absence: the next one starts where this one ended.
      if (frame.more) this.send({ type: "resume", afterSeq: frame.lastSeq });
      return;
    }
    this.handleNotification(frame);
  }

  private handleNotification(frame: NotificationFrame): void {
    // The resume cursor moves only over a gapless run: a pending notification sent on connect, ahead of the
    // resume pages, must not make the next reconnect skip what lies between.
    if (this.lastSeq !== null && frame.seq === this.lastSeq + 1) this.lastSeq = frame.seq;
    const isNew = this.seen.add(frame.id);
    if (isNew) {
      try {
        this.handlers.onNotification(frame);
      } catch (error) {
        this.report("callback-failed", messageOf(error));
      }
      if (this.stopped) return;
    }
    // A repeat of a notification that needs an ack means the server did not get our ack: send it again.
    const acknowledged = frame.requiresAck && this.send({ type: "ack", notificationId: frame.id });
    const notifications = isNew
      ? addNotification(this.snapshot.notifications, { ...frame, acknowledged }, this.settings.maxNotifications)
      : acknowledged
        ? markAcknowledged(this.snapshot.notifications, frame.id)
        : this.snapshot.notifications;
    if (notifications !== this.snapshot.notifications) this.update({ notifications });
  }

  private ping(): void {
    if (this.pongTimer !== undefined) return;
    if (!this.sendText(PING_FRAME)) return;
    this.pongTimer = setTimeout(() => {
      this.pongTimer = undefined;
      // Closing a dead socket can take the browser minutes to confirm, so move on without waiting for `close`.
      this.handleDisconnect(CLOSE_NO_PONG, "no pong");
    }, this.settings.pongTimeoutMs);
  }

  private handleDisconnect(code: number, reason: string): void {
    const openedAt = this.openedAt;
    this.closeSocket(code, reason);
    if (this.stopped) return;
    if (openedAt !== null && Date.now() - openedAt >= this.settings.stableAfterMs) this.attempt = 0;
    // A refused upgrade looks the same as a network failure to a browser socket; only an HTTP probe can tell a 401.
    if (openedAt === null && this.settings.sessionUrl !== null) void this.retryUnlessSignedOut();
    else this.scheduleRetry();
  }

  private async retryUnlessSignedOut(): Promise<void> {
    this.update({ status: "reconnecting", nextRetryAt: null });
    const session = await this.probeSession();
    if (session === "stale") return;
    if (session === "unauthorized") this.update({ status: "unauthorized", nextRetryAt: null });
    else this.scheduleRetry();
  }

  private scheduleRetry(): void {
    const delay = backoffDelay(this.attempt, () => this.handlers.random(), this.settings.backoff);
    this.attempt += 1;
    this.update({ status: "reconnecting", nextRetryAt: Date.now() + delay });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect("reconnecting");
    }, delay);
  }

  /** The browser is back online or the tab is visible again: do not make the person wait for the backoff. */
  private readonly wake = (): void => {
    if (this.stopped) return;
    if (this.snapshot.status === "unauthorized") {
      void this.reconnectIfSignedIn();
    } else if (this.socket === null && this.snapshot.status === "reconnecting") {
      this.connect("reconnecting");
    } else if (this.snapshot.status === "open") {
      // A socket that died while the machine slept or was offline is found out now, not at the next interval.
      this.ping();
    }
  };

  private readonly onVisibilityChange = (): void => {
    if (document.visibilityState === "visible") this.wake();
  };

  /** Signed out earlier; the person may have signed in again in another tab since. */
  private async reconnectIfSignedIn(): Promise<void> {
    if (this.probe !== null) return;
    if ((await this.probeSession()) !== "authorized" || this.snapshot.status !== "unauthorized") return;
    this.attempt = 0;
    this.connect("connecting");
  }

  private async probeSession(): Promise<SessionState> {
    const url = this.settings.sessionUrl;
    if (url === null) return "unknown";
    this.probe?.abort();
    const controller = new AbortController();
    this.probe = controller;
    try {
      const response = await fetch(url, { credentials: "same-origin", signal: controller.signal });
      await response.body?.cancel();
      if (controller.signal.aborted || this.stopped) return "stale";
      if (response.status === 401) return "unauthorized";
      return response.ok ? "authorized" : "unknown";
    } catch {
      return controller.signal.aborted || this.stopped ? "stale" : "unknown";
    } finally {
      if (this.probe === controller) this.probe = null;
    }
  }

  private send(frame: ClientFrame): boolean {
    return this.sendText(JSON.stringify(frame));
  }

  private sendText(text: string): boolean {
    const socket = this.socket;
    if (socket === null || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(text);
    return true;
  }

  private closeSocket(code: number, reason: string): void {
    const socket = this.socket;
    this.socket = null;
    this.openedAt = null;
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    this.clearPongTimer();
    if (socket === null) return;
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) socket.close(code, reason);
  }

  private cancelPendingAttempt(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.probe?.abort();
    this.probe = null;
  }

  private clearPongTimer(): void {
    clearTimeout(this.pongTimer);
    this.pongTimer = undefined;
  }

  private report(kind: NotificationsError["kind"], message: string): void {
    if (this.stopped) return;
    const error: NotificationsError = { kind, message };
    this.update({ lastError: error });
    this.handlers.onError(error);
  }

  private update(patch: Partial<ConnectionSnapshot>): void {
    if (this.stopped) return;
    this.snapshot = { ...this.snapshot, ...patch };
    this.handlers.onChange(this.snapshot);
  }
}
