import { DurableObject } from "cloudflare:workers";
import {
  CLOSE_RATE_LIMITED,
  CLOSE_RATE_LIMITED_REASON,
  CLOSE_TOO_MANY_CONNECTIONS,
  CLOSE_TOO_MANY_CONNECTIONS_REASON,
  dedupeConflictMessage,
  defaultRequiresAck,
  type ErrorFrame,
  HISTORY_MAX_LIMIT,
  type HistoryItem,
  isMuted,
  type NotificationsRpc,
  PING_FRAME,
  PONG_FRAME,
  Preferences,
  PublishInput,
  type PublishResult,
  RATE_LIMIT_MESSAGE,
  type ReadFrame,
  ReadRequest,
  type ReadResponse,
  type ResumedFrame,
  UserId,
} from "@repo/notifications";
import { z } from "zod";
import { queueSender } from "../audit-queue/send";
import { type Config, readConfig } from "../config";
import { log, setLogLevel } from "../log";
import { recordEvent } from "./analytics";
import { flushOutboxIfDue, nextFlushAt } from "./audit-flush";
import { parseClientFrame } from "./client-frames";
import { CLOSE_VANISHED, ConnectionLog } from "./connection-log";
import { errorMessage } from "./errors";
import { publishFingerprint } from "./fingerprint";
import { firstAckOf, fullBucket, takeFrame, type Verdict } from "./frame-rate";
import { loadPreferences, savePreferences } from "./preferences";
import { atPublish, dueAction, onConnect } from "./retry-schedule";
import {
  attachmentOf,
  byProtocol,
  completeClose,
  openSockets,
  type SocketAttachment,
  sendToAll,
  setAttachment,
  socketsOverCap,
} from "./sockets";
import { frameOf, NotificationStore, type StoredNotification } from "./store";
import { userAgentFamily } from "./user-agent";

/**
 * The meta row that remembers the object's user for the calls that arrive without `ctx.id.name`:
 * a Durable Object binding of another worker under `wrangler dev` (the dev registry forwards the id,
 * not its name) and alarms set before 2026-03-15. Written once, when the user first becomes known.
 */
const USER_ID_META = "user_id";
/** After a failed alarm run, the next one is at least this far away: an error never makes a hot loop. */
const ALARM_ERROR_FLOOR_MS = 1_000;

/**
 * One user's notifications: their sockets (hibernatable), their notifications
 * and audit outbox (SQLite), and one alarm for retries and audit flushes.
 * This class is plumbing; the decisions are in the modules it calls.
 */
export class NotificationsDO extends DurableObject<Env> implements NotificationsRpc {
  private readonly store: NotificationStore;
  private readonly config: Config;
  private readonly connections: ConnectionLog;
  /** The user's preferences, read once per instance (null until then) so a publish costs no extra SQL read. */
  private preferences: Preferences | null = null;
  /**
   * The user this object belongs to: the name it was created with
   * (`getByName(userId)`), else the one remembered in meta; "" until known
   * (an object first reached without its name takes the user its first RPC names).
   */
  private userId: string;
  /**
   * When the alarm is set (null: not set), as this object last set or read it:
   * a publish whose alarm is already early enough costs no storage call.
   */
  private alarmAt: number | null = null;
  /** Whether this object's name is a valid user id: checked once, not on every call. */
  private ownerIsValid: boolean;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.config = readConfig(env);
    setLogLevel(this.config.logLevel);
    this.store = new NotificationStore(ctx.storage.sql, (fn) => ctx.storage.transactionSync(fn));
    const remembered = this.store.getMeta(USER_ID_META);
    this.userId = ctx.id.name ?? remembered ?? "";
    this.ownerIsValid = UserId.safeParse(this.userId).success;
    if (this.ownerIsValid && remembered !== this.userId) this.store.setMeta(USER_ID_META, this.userId);
    this.connections = new ConnectionLog(ctx.storage.sql, this.store, this.config);
    const vanished = this.closeVanishedConnections();
    void ctx.blockConcurrencyWhile(async () => {
      this.alarmAt = await ctx.storage.getAlarm();
      // Sockets that went away while the object was gone (eviction, crash) never had a close event.
      if (vanished > 0) await this.scheduleAlarm();
    });
    // Answered by the runtime without waking the object (design §4).
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING_FRAME, PONG_FRAME));
  }

  async publishNotification(userId: UserId, input: PublishInput): Promise<PublishResult> {
    this.assertOwner(userId);
    const parsed = PublishInput.safeParse(input);
    if (!parsed.success) throw new TypeError(`invalid notification: ${z.prettifyError(parsed.error)}`);
    const event = parsed.data;

    const requiresAck = event.requiresAck ?? defaultRequiresAck(event.type);
    let dedupe: { key: string; fingerprint: string } | null = null;
    if (event.dedupeKey !== undefined) {
      // Awaited before the lookup: from the lookup to the insert nothing else runs in between.
      const fingerprint = await publishFingerprint({ type: event.type, data: event.data, requiresAck });
      const existing = this.store.findDedupe(event.dedupeKey);
      if (existing) {
        // Keys stored before fingerprints existed match any input, as they did then.
        if (existing.fingerprint !== null && existing.fingerprint !== fingerprint) {
          log("dedupe_conflict", { userId: this.userId, id: existing.notificationId });
          throw new Error(dedupeConflictMessage(event.dedupeKey));
        }
        return { id: existing.notificationId, seq: existing.seq, delivered: 0 };
      }
      dedupe = { key: event.dedupeKey, fingerprint };
    }

    const now = Date.now();
    const muted = isMuted(this.cachedPreferences(), event);
    // A muted notification goes to no socket (§5.0): it is never pending and has no rounds.
    const sockets = muted ? [] : this.sockets();
    const rounds = muted
      ? { attempts: 0, nextAttemptAt: null, lastAttemptAt: null }
      : requiresAck
        ? atPublish(now, sockets.length, this.config)
        : { attempts: sockets.length > 0 ? 1 : 0, nextAttemptAt: null, lastAttemptAt: sockets.length > 0 ? now : null };
    const stored = this.store.insert(
      this.userId,
      {
        id: crypto.randomUUID(),
        type: event.type,
        data: event.data,
        createdAt: now,
        requiresAck,
        status: muted ? "muted" : requiresAck ? "pending" : "sent",
        ...rounds,
      },
      dedupe,
    );
    if (requiresAck && !muted) this.capPending();
    this.boundOutbox(now);
    // The history is pruned by the alarm, not here: one statement less per publish.
    const delivered = this.sendNotification(sockets, stored);
    log("publish", {
      userId: this.userId,
      id: stored.id,
      seq: stored.seq,
      type: stored.type,
      requiresAck,
      delivered,
      muted,
    });
    recordEvent(this.env.ANALYTICS, "publish", { type: stored.type, delivered });
    // A publish only adds work: its round and the flush of its audit row. The alarm moves only if those are earlier.
    const flushAt = nextFlushAt(this.store, now, this.config) ?? Number.POSITIVE_INFINITY;
    await this.alarmNoLaterThan(Math.min(stored.nextAttemptAt ?? Number.POSITIVE_INFINITY, flushAt));
    return muted
      ? { id: stored.id, seq: stored.seq, delivered: 0, muted }
      : { id: stored.id, seq: stored.seq, delivered };
  }

  /** §5.0 `POST /api/notifications/read`: marks read and tells every resumed socket; answers the new unread count. */
  async markRead(userId: UserId, request: ReadRequest): Promise<ReadResponse> {
    this.assertOwner(userId);
    const parsed = ReadRequest.safeParse(request);
    if (!parsed.success) throw new TypeError(`invalid read request: ${z.prettifyError(parsed.error)}`);
    return { unread: this.applyRead(parsed.data, null) };
  }

  /** §5.0 `GET /api/notifications`: one page of what the object keeps, newest first. */
  async history(
    userId: UserId,
    query: { limit: number; before: number | null },
  ): Promise<{ items: HistoryItem[]; unread: number; nextBefore: number | null }> {
    this.assertOwner(userId);
    const parsed = HistoryQuery.safeParse(query);
    if (!parsed.success) throw new TypeError(`invalid history query: ${z.prettifyError(parsed.error)}`);
    const page = this.store.history(this.userId, parsed.data.before, parsed.data.limit);
    const items: HistoryItem[] = [];
    for (const stored of page.items) {
      const frame = frameOf(stored);
      if (frame) items.push({ ...frame, status: stored.status, readAt: stored.readAt });
    }
    return { items, unread: this.store.unreadCount(), nextBefore: page.nextBefore };
  }

  async getPreferences(userId: UserId): Promise<Preferences> {
    this.assertOwner(userId);
    return this.cachedPreferences();
  }

  /** Stores the user's preferences; they apply from the next publish on. */
  async setPreferences(userId: UserId, preferences: Preferences): Promise<Preferences> {
    this.assertOwner(userId);
    const parsed = Preferences.safeParse(preferences);
    if (!parsed.success) throw new TypeError(`invalid preferences: ${z.prettifyError(parsed.error)}`);
    this.preferences = savePreferences(this.store, parsed.data);
    log("preferences_changed", {
      userId,
      mutedTypes: this.preferences.muted.types.length,
      mutedGroups: this.preferences.muted.groups.length,
    });
    return this.preferences;
  }

  /** A socket of this object's user: the worker verified the session and routed it here by the user's id. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response("expected a WebSocket upgrade", { status: 426 });
    }
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server);
    const connectionId = crypto.randomUUID();
    const now = Date.now();
    const browser = userAgentFamily(request.headers.get("User-Agent"));
    setAttachment(server, {
      connectionId,
      liveAfterSeq: this.store.lastSeq(),
      connectedAt: now,
      userAgentFamily: browser,
      bucket: fullBucket(now, this.frameRate()),
    });
    const sockets = this.sockets();
    for (const oldest of socketsOverCap(sockets, this.config.maxSocketsPerUser)) {
      log("too_many_sockets", {
        userId: this.userId,
        connectionId: attachmentOf(oldest)?.connectionId ?? null,
        max: this.config.maxSocketsPerUser,
      });
      closeQuietly(oldest, CLOSE_TOO_MANY_CONNECTIONS, CLOSE_TOO_MANY_CONNECTIONS_REASON);
    }
    const pendingSent = this.deliverPendingTo(server, this.userId, now);
    this.connections.opened(connectionId, now, browser);
    recordEvent(this.env.ANALYTICS, "connect");
    log("connect", { userId: this.userId, connectionId, sockets: sockets.length, pendingSent });
    await this.scheduleAlarm();
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const verdict = this.takeFrame(socket);
    if (verdict === "refuse") {
      this.sendError(
        socket,
        `${RATE_LIMIT_MESSAGE}: over ${this.config.frameRatePerSecond} frames/s (burst ${this.config.frameBurst}); frame dropped`,
      );
      return;
    }
    if (verdict === "close") {
      log("rate_limit_close", { userId: this.userId, connectionId: attachmentOf(socket)?.connectionId ?? null });
      closeQuietly(socket, CLOSE_RATE_LIMITED, CLOSE_RATE_LIMITED_REASON);
      return;
    }
    const parsed = parseClientFrame(message);
    if (!parsed.ok) {
      log("frame_rejected", { userId: this.userId, reason: parsed.message.slice(0, 80) });
      this.sendError(socket, parsed.message);
      return;
    }
    if (parsed.frame.type === "ping") {
      // A ping the auto-response did not match byte for byte (other spacing, say).
      socket.send(PONG_FRAME);
      return;
    }
    if (parsed.frame.type === "resume") {
      this.resume(socket, parsed.frame.afterSeq);
      return;
    }
    if (parsed.frame.type === "read") {
      const { ids, upToSeq } = parsed.frame;
      if (ids !== undefined) this.applyRead({ ids }, socket);
      if (upToSeq !== undefined) this.applyRead({ upToSeq }, socket);
      return;
    }
    // An ack of what the object sent is given its token back, once per socket and notification: a
    // client acking a burst of deliveries (a reconnect), in every one of its tabs, is never limited for it.
    const id = parsed.frame.notificationId;
    if ((await this.acknowledge(id)) !== "unknown" && firstAckOf(socket, id)) this.refundFrame(socket);
  }

  override async webSocketClose(socket: WebSocket, code: number, reason: string): Promise<void> {
    completeClose(socket, code, reason);
    const attachment = attachmentOf(socket);
    log("disconnect", { userId: this.userId, connectionId: attachment?.connectionId ?? null, code });
    this.connectionClosed(attachment, code);
    await this.scheduleAlarm();
  }

  /**
   * The socket's connection failed (a reset, a peer that vanished): the normal
   * end of a socket, as partyserver treats it, logged as a disconnect with the
   * error rather than as a warning. The runtime has closed it; nothing to send.
   */
  override async webSocketError(socket: WebSocket, error: unknown): Promise<void> {
    const attachment = attachmentOf(socket);
    log("disconnect", {
      userId: this.userId,
      connectionId: attachment?.connectionId ?? null,
      code: CLOSE_VANISHED,
      error: errorMessage(error),
    });
    this.connectionClosed(attachment, CLOSE_VANISHED);
    await this.scheduleAlarm();
  }

  override async alarm(): Promise<void> {
    // The alarm that fired is used up; what this run leaves sets the next one.
    this.alarmAt = null;
    let failed = false;
    try {
      this.runDueRounds(Date.now());
    } catch (error) {
      failed = true;
      log("alarm_error", { userId: this.userId, step: "rounds", error: errorMessage(error) });
    }
    try {
      this.store.prune(Date.now(), this.config);
      // Rounds and acks of rows already flushed queue rows too: bound those as well.
      this.boundOutbox(Date.now());
    } catch (error) {
      failed = true;
      log("alarm_error", { userId: this.userId, step: "housekeeping", error: errorMessage(error) });
    }
    // The audit trail and the connection log go to the audit queue whatever happened to the rounds
    // (design §6): a send is quick, so it is awaited here; Postgres is the consumer's business.
    try {
      const send = queueSender(this.env.AUDIT_QUEUE);
      const audited = await flushOutboxIfDue(this.store, send, this.userId, Date.now(), this.config);
      this.closeVanishedConnections();
      // The queue just refused the audit rows: no second wait on it; the log retries on its own schedule.
      if (audited) await this.connections.flushIfDue(send, this.userId, Date.now());
    } catch (error) {
      failed = true;
      log("alarm_error", { userId: this.userId, step: "audit queue", error: errorMessage(error) });
    }
    await this.scheduleAlarm(failed ? Date.now() + ALARM_ERROR_FLOOR_MS : null);
  }

  /** Closes connection records whose socket this object no longer holds; returns how many. */
  private closeVanishedConnections(): number {
    const live = new Set<string>();
    for (const socket of this.ctx.getWebSockets()) {
      const id = attachmentOf(socket)?.connectionId;
      if (id !== undefined) live.add(id);
    }
    return this.connections.closeVanished(live, Date.now());
  }

  private connectionClosed(attachment: SocketAttachment | null, code: number): void {
    if (!this.connections.closed(attachment?.connectionId, Date.now(), code)) return;
    recordEvent(this.env.ANALYTICS, "disconnect", {
      latencyMs: attachment ? Date.now() - attachment.connectedAt : 0,
    });
  }

  /**
   * Records an ack: "acked" when it acknowledged a notification that was waiting for one, "known" for
   * one acked already (another tab was first), "unknown" for an id that names no notification needing an ack.
   */
  private async acknowledge(notificationId: string): Promise<"acked" | "known" | "unknown"> {
    const userId = this.userId;
    const stored = this.store.findById(userId, notificationId);
    // Acking twice, acking an unknown (or unreadable) id, or acking one that needs no ack is harmless.
    if (!stored?.requiresAck) return "unknown";
    if (stored.status === "acked") return "known";
    const now = Date.now();
    this.store.update(userId, stored, { status: "acked", ackedAt: now, nextAttemptAt: null });
    log("ack", {
      userId,
      id: stored.id,
      seq: stored.seq,
      afterRounds: stored.attempts,
      late: stored.status === "failed",
    });
    recordEvent(this.env.ANALYTICS, "ack", { type: stored.type, latencyMs: now - stored.createdAt });
    await this.scheduleAlarm();
    return "acked";
  }

  /**
   * Sends a reconnected client what it missed, one page of at most
   * `reconnectDeliveryLimit` frames per event: deliveries to one socket that
   * count as no round (the client dedupes by id). What was published after
   * the socket was accepted already reached it live, so the replay stops
   * there: a reconnect never receives a notification twice. `resumed.lastSeq`
   * is where the page ended; with `more` the client resumes again from there,
   * so a long absence is caught up page by page and nothing is skipped.
   */
  private resume(socket: WebSocket, afterSeq: number | undefined): void {
    const newest = this.store.lastSeq();
    const attachment = attachmentOf(socket);
    const liveAfter = Math.min(attachment?.liveAfterSeq ?? newest, newest);
    const limit = this.config.reconnectDeliveryLimit;
    const replay = afterSeq !== undefined && afterSeq < liveAfter;
    const end = replay ? this.store.pageEnd(afterSeq, limit) : null;
    const missed = replay ? this.store.after(this.userId, afterSeq, limit).filter((row) => row.seq <= liveAfter) : [];
    const more = end !== null && end < liveAfter;
    // From now on this socket speaks §4.1: read frames, readAt on notifications.
    if (attachment && !attachment.resumed) setAttachment(socket, { ...attachment, resumed: true });
    const unread = this.store.unreadCount();
    try {
      // A muted one is sent to no socket (§5.0), a resume included; lastSeq still covers its seq.
      for (const stored of missed) if (stored.status !== "muted") socket.send(frameText(stored, true));
      const resumed: ResumedFrame = more
        ? { type: "resumed", lastSeq: end, more, unread }
        : { type: "resumed", lastSeq: newest, unread };
      socket.send(JSON.stringify(resumed));
    } catch {
      // The socket closed meanwhile; it resumes again when it reconnects.
    }
  }

  /**
   * A new socket gets the oldest pending notifications, at most
   * `reconnectDeliveryLimit` in this event (design §4: a first delivery is
   * round 1, others are extras). Any left waiting for a socket are made due
   * now, so the alarm gives each its round, a batch per run, while a socket is
   * open; the in-flight ones beyond the bound reach this socket at their next
   * round, and a client that resumes sees them all.
   */
  private deliverPendingTo(socket: WebSocket, userId: string, now: number): number {
    const batch = this.store.pending(userId, this.config.reconnectDeliveryLimit);
    let sent = 0;
    let open = true;
    for (const stored of batch) {
      this.oneRow(userId, stored, () => {
        const text = frameText(stored);
        try {
          socket.send(text);
        } catch {
          // The socket closed meanwhile: not the row's fault; the rest waits for the next socket.
          open = false;
          return;
        }
        sent++;
        const next = onConnect(stored, now, this.config);
        if (next) this.store.update(userId, stored, next);
      });
      if (!open) return sent;
    }
    if (batch.length === this.config.reconnectDeliveryLimit) this.store.wakeWaiting(now);
    return sent;
  }

  /** Marks the oldest pending notifications beyond the per-user cap failed: a flood cannot grow without bound. */
  private capPending(): void {
    const userId = this.userId;
    for (const stored of this.store.pendingBeyond(userId, this.config.maxPendingPerUser)) {
      this.store.update(userId, stored, { status: "failed", nextAttemptAt: null });
      log("failed", {
        userId,
        id: stored.id,
        seq: stored.seq,
        rounds: stored.attempts,
        reason: "pending cap",
        max: this.config.maxPendingPerUser,
      });
      recordEvent(this.env.ANALYTICS, "failed", { type: stored.type });
    }
  }

  /** Moves the oldest audit rows beyond the outbox bound to the dead-letter table. */
  private boundOutbox(now: number): void {
    const { moved, dropped } = this.store.boundOutbox(this.config.outboxMaxRows, now);
    if (moved > 0) {
      log("audit_dead_lettered", { userId: this.userId, rows: moved, dropped, max: this.config.outboxMaxRows });
    }
  }

  /**
   * Runs one row's handling; if it throws, the row is moved to failed (logged
   * once) instead of stopping the rows after it or the alarm.
   */
  private oneRow(userId: string, stored: StoredNotification, handle: () => void): void {
    try {
      handle();
    } catch (error) {
      if (this.store.quarantine(userId, stored.seq)) {
        log("notification_unreadable", { userId, id: stored.id, seq: stored.seq, error: errorMessage(error) });
      }
    }
  }

  private runDueRounds(now: number): void {
    const userId = this.userId;
    const due = this.store.due(userId, now, this.config.reconnectDeliveryLimit);
    for (const stored of due) this.oneRow(userId, stored, () => this.runDue(userId, stored, now));
  }

  private runDue(userId: string, stored: StoredNotification, now: number): void {
    const sockets = this.sockets();
    const action = dueAction(stored, now, sockets.length, this.config);
    switch (action.kind) {
      case "none":
        break;
      case "fail":
        this.store.update(userId, stored, { status: "failed", nextAttemptAt: null });
        log("failed", { userId, id: stored.id, seq: stored.seq, rounds: stored.attempts });
        recordEvent(this.env.ANALYTICS, "failed", { type: stored.type });
        break;
      case "wait":
        this.store.update(userId, stored, { nextAttemptAt: null });
        break;
      case "round": {
        const delivered = this.sendNotification(sockets, stored);
        this.store.update(userId, stored, action.next);
        log("retry_round", { userId, id: stored.id, seq: stored.seq, round: action.next.attempts, delivered });
        break;
      }
    }
  }

  /**
   * Sets the one alarm to the earliest of the next round and the next audit
   * flush (but not before `floor`), or clears it.
   */
  private async scheduleAlarm(floor: number | null = null): Promise<void> {
    const candidates = [
      this.store.nextAttemptAt(),
      nextFlushAt(this.store, Date.now(), this.config),
      this.connections.nextWorkAt(Date.now()),
    ].filter((at): at is number => at !== null);
    if (candidates.length === 0) {
      if (this.alarmAt !== null) {
        this.alarmAt = null;
        await this.ctx.storage.deleteAlarm();
      }
      return;
    }
    const earliest = Math.max(Math.min(...candidates), floor ?? 0);
    if (this.alarmAt !== earliest) {
      this.alarmAt = earliest;
      await this.ctx.storage.setAlarm(earliest);
    }
  }

  /** Brings the alarm forward to `at` unless it is already set that early: what new work needs. */
  private async alarmNoLaterThan(at: number): Promise<void> {
    if (!Number.isFinite(at) || (this.alarmAt !== null && this.alarmAt <= at)) return;
    this.alarmAt = at;
    await this.ctx.storage.setAlarm(at);
  }

  private frameRate() {
    return { ratePerSecond: this.config.frameRatePerSecond, burst: this.config.frameBurst };
  }

  /** Spends one token of the socket's frame bucket; the bucket lives in its attachment, across hibernation. */
  private takeFrame(socket: WebSocket): Verdict {
    const attachment = attachmentOf(socket);
    if (!attachment) return "accept";
    const now = Date.now();
    const bucket = attachment.bucket ?? fullBucket(now, this.frameRate());
    const verdict = takeFrame(bucket, now, this.frameRate());
    setAttachment(socket, { ...attachment, bucket });
    return verdict;
  }

  private refundFrame(socket: WebSocket): void {
    const attachment = attachmentOf(socket);
    if (!attachment?.bucket) return;
    const bucket = { ...attachment.bucket, tokens: Math.min(this.config.frameBurst, attachment.bucket.tokens + 1) };
    setAttachment(socket, { ...attachment, bucket });
  }

  /**
   * Marks read and sends the `read` frame (§4.1) to every resumed socket of
   * the user when anything changed, else only to `asker` (it waits for an
   * answer); returns the unread count.
   */
  private applyRead(request: ReadRequest, asker: WebSocket | null): number {
    const readAt = Date.now();
    const changed = this.store.markRead(request, readAt);
    const unread = this.store.unreadCount();
    const frame: ReadFrame = { type: "read", ...request, readAt, unread };
    const text = JSON.stringify(frame);
    if (changed > 0) sendToAll(byProtocol(this.sockets()).resumed, text);
    else if (asker && attachmentOf(asker)?.resumed) sendToAll([asker], text);
    log("read", { userId: this.userId, changed, unread });
    return unread;
  }

  /**
   * Sends a notification to `sockets`: v1 ones get the v1 frame, resumed ones
   * the frame with `readAt`; each text is built at most once.
   */
  private sendNotification(sockets: readonly WebSocket[], stored: StoredNotification): number {
    if (sockets.length === 0) return 0;
    const { v1, resumed } = byProtocol(sockets);
    return (
      (v1.length > 0 ? sendToAll(v1, frameText(stored)) : 0) +
      (resumed.length > 0 ? sendToAll(resumed, frameText(stored, true)) : 0)
    );
  }

  private cachedPreferences(): Preferences {
    this.preferences ??= loadPreferences(this.store);
    return this.preferences;
  }

  private sockets(): WebSocket[] {
    return openSockets(this.ctx.getWebSockets());
  }

  private sendError(socket: WebSocket, message: string): void {
    const frame: ErrorFrame = { type: "error", message };
    try {
      socket.send(JSON.stringify(frame));
    } catch {
      // The socket is going away; there is nobody to tell.
    }
  }

  /** A call meant for another user's object is a caller's bug: refused, as is an id that is not a user id. */
  private assertOwner(userId: string): void {
    if (userId === this.userId && this.ownerIsValid) return;
    const user = UserId.safeParse(userId);
    if (!user.success) throw new TypeError(`invalid userId: ${z.prettifyError(user.error)}`);
    if (this.userId === "") {
      // First reached without its name, and no user remembered: the first call says whose it is.
      this.userId = user.data;
      this.ownerIsValid = true;
      this.store.setMeta(USER_ID_META, user.data);
      return;
    }
    throw new TypeError(`this object belongs to user ${this.userId}, not ${userId}`);
  }
}

/**
 * The frame text of a notification read from the store (rows that are not
 * valid frames are never returned); `withReadAt` for a resumed socket (§4.1).
 */
function frameText(stored: StoredNotification, withReadAt = false): string {
  const frame = frameOf(stored);
  if (!frame) throw new Error(`stored notification ${stored.id} is not a valid frame`);
  return JSON.stringify(withReadAt ? { ...frame, readAt: stored.readAt } : frame);
}

const HistoryQuery = z.object({
  limit: z.number().int().min(1).max(HISTORY_MAX_LIMIT),
  before: z.number().int().positive().nullable(),
});

function closeQuietly(socket: WebSocket, code: number, reason: string): void {
  try {
    socket.close(code, reason);
  } catch {
    // Already closing: nothing left to do.
  }
}
