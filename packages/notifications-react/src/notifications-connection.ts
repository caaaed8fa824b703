import {
  type ClientFrame,
  type NotificationFrame,
  PING_FRAME,
  type ReadFrame,
  type ReadRequestFrame,
  ReadResponse,
  type ResumedFrame,
} from "@repo/notifications/client";
import { type BackoffOptions, backoffDelay } from "./backoff";
import { messageOf } from "./errors";
import { addNotification, markAcknowledged, type ReceivedNotification } from "./notification-list";
import { parseServerFrame } from "./parse-server-frame";
import { addReadMarks, NO_READ_MARKS, type ReadMarks, readAtOf } from "./read-marks";
import { SeenIds } from "./seen-ids";
import { loadLastSeq, saveLastSeq } from "./seq-storage";

export type ConnectionStatus = "connecting" | "open" | "reconnecting" | "closed" | "unauthorized";

export interface NotificationsError {
  kind: "invalid-frame" | "server-error" | "callback-failed" | "invalid-url";
  message: string;
}

export interface ConnectionSnapshot {
  status: ConnectionStatus;
  /** Newest first, each id once. */
  notifications: readonly ReceivedNotification[];
  lastError: NotificationsError | null;
  /** While waiting to reconnect: when the next attempt starts (ms since the epoch). Otherwise null. */
  nextRetryAt: number | null;
  /** The server's unread count (§4.1), kept current locally; null until a server with read state says it. */
  unread: number | null;
  /** The newest seq this tab knows of. */
  lastSeq: number | null;
  readMarks: ReadMarks;
}

/** Read on every use, so a changed option applies without a new socket. */
export interface ConnectionSettings {
  url: string;
  /** Answers 200 while the session is good and 401 once it is not; null to never ask. */
  sessionUrl: string | null;
  /** `POST` target for marking read while the socket is not open (§5.0). */
  readUrl: string;
  pingIntervalMs: number;
  pongTimeoutMs: number;
  /** A connection that stayed open this long resets the backoff to its first step. */
  stableAfterMs: number;
  maxNotifications: number;
  backoff: BackoffOptions;
}

export interface ConnectionHandlers {
  settings(): ConnectionSettings;
  onNotification(notification: NotificationFrame): void;
  onError(error: NotificationsError): void;
  random(): number;
}

export type ReadTarget = readonly string[] | { upToSeq: number };

export const CONNECTING: ConnectionSnapshot = {
  status: "connecting",
  notifications: [],
  lastError: null,
  nextRetryAt: null,
  unread: null,
  lastSeq: null,
  readMarks: NO_READ_MARKS,
};
export const CLOSED: ConnectionSnapshot = { ...CONNECTING, status: "closed" };

/** Enough to cover every retry round of every notification a tab can plausibly hold. */
const SEEN_IDS_LIMIT = 2_000;
const CLOSE_NORMAL = 1000;
/** Application close code (4000-4999) for a socket we gave up on because it stopped answering pings. */
const CLOSE_NO_PONG = 4000;

type SessionState = "authorized" | "unauthorized" | "unknown" | "stale";

/**
 * One user's notifications socket in one tab: connect, resume, ping, ack,
 * dedupe, read state, back off and reconnect. Plain TypeScript, and an
 * external store for React (`subscribe`/`getSnapshot`, a new snapshot object
 * only when something changed). `start()`/`stop()` may alternate (StrictMode,
 * a changed URL): the list, the read state and the resume point survive them.
 * The constructor touches nothing global, so it may run during render.
 */
export class NotificationsConnection {
  private snapshot: ConnectionSnapshot = CONNECTING;
  private readonly listeners = new Set<() => void>();
  private readonly seen = new SeenIds(SEEN_IDS_LIMIT);
  private socket: WebSocket | null = null;
  /** Whether the server answered a `resume` with an unread count, i.e. speaks §4.1 read state. */
  private readState = false;
  /** The `afterSeq` of this socket's last `resume`, until its `resumed` answers. */
  private resumeAfter: number | null = null;
  private openedAt: number | null = null;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  private probe: AbortController | null = null;
  private running = false;

  constructor(
    /** Whose notifications these are: the key of the persisted resume point. Null: nothing persisted. */
    readonly userId: string | null,
    private readonly handlers: ConnectionHandlers,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): ConnectionSnapshot => this.snapshot;

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.snapshot.lastSeq === null && this.userId !== null) {
      const stored = loadLastSeq(this.userId);
      if (stored !== null) this.update({ lastSeq: stored });
    }
    this.attempt = 0;
    window.addEventListener("online", this.wake);
    document.addEventListener("visibilitychange", this.onVisibilityChange);
    this.connect("connecting");
  }

  stop(): void {
    if (!this.running) return;
    window.removeEventListener("online", this.wake);
    document.removeEventListener("visibilitychange", this.onVisibilityChange);
    this.cancelPendingAttempt();
    this.closeSocket(CLOSE_NORMAL, "client closed");
    this.update({ status: "closed", nextRetryAt: null });
    this.running = false;
  }

  /**
   * Marks notifications read for the user in every tab (§4.1): at once here,
   * then as the server says. Over the socket when it is open and the server
   * has read state (its `read` frame confirms); otherwise by `POST` (§5.0),
   * whose answer sets the unread count. Rejects when the `POST` fails.
   */
  async markRead(target: ReadTarget): Promise<void> {
    const request = "upToSeq" in target ? { upToSeq: target.upToSeq } : { ids: [...target] };
    if (request.ids?.length === 0) return;
    this.applyLocalRead(request);
    const frame: ReadRequestFrame = { type: "read", ...request };
    if (this.readState && this.sendText(JSON.stringify(frame))) return;
    const response = await fetch(this.handlers.settings().readUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`marking read failed: HTTP ${response.status}`);
    }
    const parsed = ReadResponse.safeParse(await response.json());
    if (!parsed.success) throw new Error("marking read failed: the answer had no unread count");
    this.update({ unread: parsed.data.unread });
  }

  /** Every notification up to the newest seq this tab knows of. */
  markAllRead(): Promise<void> {
    const lastSeq = this.snapshot.lastSeq;
    return lastSeq === null ? Promise.resolve() : this.markRead({ upToSeq: lastSeq });
  }

  private applyLocalRead(request: { ids?: string[]; upToSeq?: number }): void {
    const { notifications, readMarks, unread } = this.snapshot;
    // Only what this tab holds can be counted; the server's answer corrects the rest.
    const newlyRead = notifications.filter(
      (item) =>
        readAtOf(item, readMarks) === null &&
        (request.ids?.includes(item.id) || (request.upToSeq !== undefined && item.seq <= request.upToSeq)),
    ).length;
    const marks = addReadMarks(readMarks, request, Date.now());
    const nextUnread = unread === null ? null : request.ids === undefined ? 0 : Math.max(0, unread - newlyRead);
    if (marks !== readMarks || nextUnread !== unread) this.update({ readMarks: marks, unread: nextUnread });
  }

  private connect(status: "connecting" | "reconnecting"): void {
    this.cancelPendingAttempt();
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.handlers.settings().url);
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
    this.pingTimer = setInterval(() => this.ping(), this.handlers.settings().pingIntervalMs);
    this.update({ status: "open", nextRetryAt: null });
    // Catch up on whatever was published since the newest seq this tab (or, after a reload, this
    // tab's session) knows of; the very first connection only learns its baseline.
    this.resume(this.snapshot.lastSeq);
  }

  private resume(afterSeq: number | null): void {
    this.resumeAfter = afterSeq;
    this.send(afterSeq === null ? { type: "resume" } : { type: "resume", afterSeq });
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
      this.handleResumed(frame);
      return;
    }
    if (frame.type === "read") {
      this.handleRead(frame);
      return;
    }
    this.handleNotification(frame);
  }

  private handleResumed(frame: ResumedFrame): void {
    const askedAfter = this.resumeAfter;
    this.resumeAfter = null;
    if (frame.unread !== undefined) this.readState = true;
    const unread = frame.unread === undefined ? {} : { unread: frame.unread };
    if (askedAfter !== null && frame.lastSeq < askedAfter) {
      // The server's newest seq is older than ours: its store was reset, so our resume point
      // names notifications it never had. Start again from its beginning; ids dedupe the rest.
      if (this.userId !== null) saveLastSeq(this.userId, frame.lastSeq);
      this.update({ lastSeq: frame.lastSeq, ...unread });
      this.resume(0);
      return;
    }
    this.advanceSeq(frame.lastSeq, unread);
    // One page of a long absence: the next one starts where this one ended.
    if (frame.more) this.resume(frame.lastSeq);
  }

  private handleRead(frame: ReadFrame): void {
    this.readState = true;
    const readMarks = addReadMarks(this.snapshot.readMarks, frame, frame.readAt);
    this.update({ readMarks, unread: frame.unread });
  }

  private handleNotification(frame: NotificationFrame): void {
    const isNew = this.seen.add(frame.id);
    if (isNew) {
      try {
        this.handlers.onNotification(frame);
      } catch (error) {
        this.report("callback-failed", messageOf(error));
      }
      if (!this.running) return;
    }
    // A repeat of a notification that needs an ack means the server did not get our ack: send it again.
    const acknowledged = frame.requiresAck && this.send({ type: "ack", notificationId: frame.id });
    const settings = this.handlers.settings();
    const notifications = isNew
      ? addNotification(this.snapshot.notifications, { ...frame, acknowledged }, settings.maxNotifications)
      : acknowledged
        ? markAcknowledged(this.snapshot.notifications, frame.id)
        : this.snapshot.notifications;
    const { unread, readMarks } = this.snapshot;
    // Counted here until the server's next count; a `resumed` that follows a catch-up replaces it.
    const counts = isNew && unread !== null && readAtOf(frame, readMarks) === null;
    // The resume point moves only over a gapless run: a pending notification sent on connect, ahead of
    // the resume pages, must not make the next reconnect skip what lies between.
    const current = this.snapshot.lastSeq;
    const patch = {
      ...(notifications !== this.snapshot.notifications ? { notifications } : {}),
      ...(counts ? { unread: unread + 1 } : {}),
    };
    if (current === null) {
      // No resume point yet: the `resumed` of this connection sets it.
      if (Object.keys(patch).length > 0) this.update(patch);
      return;
    }
    this.advanceSeq(frame.seq === current + 1 ? frame.seq : current, patch);
  }

  private advanceSeq(seq: number, patch: Partial<ConnectionSnapshot>): void {
    const lastSeq = Math.max(this.snapshot.lastSeq ?? 0, seq);
    if (lastSeq !== this.snapshot.lastSeq && this.userId !== null) saveLastSeq(this.userId, lastSeq);
    if (lastSeq !== this.snapshot.lastSeq || Object.keys(patch).length > 0) this.update({ ...patch, lastSeq });
  }

  private ping(): void {
    if (this.pongTimer !== undefined) return;
    if (!this.sendText(PING_FRAME)) return;
    this.pongTimer = setTimeout(() => {
      this.pongTimer = undefined;
      // Closing a dead socket can take the browser minutes to confirm, so move on without waiting for `close`.
      this.handleDisconnect(CLOSE_NO_PONG, "no pong");
    }, this.handlers.settings().pongTimeoutMs);
  }

  private handleDisconnect(code: number, reason: string): void {
    const openedAt = this.openedAt;
    this.closeSocket(code, reason);
    if (!this.running) return;
    const settings = this.handlers.settings();
    if (openedAt !== null && Date.now() - openedAt >= settings.stableAfterMs) this.attempt = 0;
    // A refused upgrade looks the same as a network failure to a browser socket; only an HTTP probe can tell a 401.
    if (openedAt === null && settings.sessionUrl !== null) void this.retryUnlessSignedOut();
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
    const delay = backoffDelay(this.attempt, () => this.handlers.random(), this.handlers.settings().backoff);
    this.attempt += 1;
    this.update({ status: "reconnecting", nextRetryAt: Date.now() + delay });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect("reconnecting");
    }, delay);
  }

  /** The browser is back online or the tab is visible again: do not make the person wait for the backoff. */
  private readonly wake = (): void => {
    if (!this.running) return;
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
    const url = this.handlers.settings().sessionUrl;
    if (url === null) return "unknown";
    this.probe?.abort();
    const controller = new AbortController();
    this.probe = controller;
    try {
      const response = await fetch(url, { credentials: "same-origin", signal: controller.signal });
      await response.body?.cancel();
      if (controller.signal.aborted || !this.running) return "stale";
      if (response.status === 401) return "unauthorized";
      return response.ok ? "authorized" : "unknown";
    } catch {
      return controller.signal.aborted || !this.running ? "stale" : "unknown";
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
    if (!this.running) return;
    const error: NotificationsError = { kind, message };
    this.update({ lastError: error });
    this.handlers.onError(error);
  }

  private update(patch: Partial<ConnectionSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
