import { DurableObject } from "cloudflare:workers";
import { withTimeout } from "@repo/do-utils";
import {
  defaultRequiresAck,
  type ErrorFrame,
  type NotificationsRpc,
  PING_FRAME,
  PONG_FRAME,
  PublishInput,
  type PublishResult,
  type ResumedFrame,
  UserId,
} from "@repo/notifications";
import { z } from "zod";
import { type Config, readConfig } from "../config";
import { createDb } from "../db/client";
import type { Env } from "../env";
import { log } from "../log";
import { flushBackoffMs, upsertAuditRows } from "./audit";
import { parseClientFrame } from "./client-frames";
import { atPublish, dueAction, onConnect } from "./retry-schedule";
import { attachmentOf, echoableCloseCode, openSockets, sendToAll } from "./sockets";
import { frameOf, NotificationStore } from "./store";

/** The header through which the worker tells the object whose socket it is: set only after the session is verified. */
export const USER_HEADER = "X-Notifications-User";

const FLUSH_AT = "outbox_flush_at";
const FLUSH_FAILURES = "outbox_flush_failures";
const USER_ID = "user_id";

/**
 * One user's notifications: their sockets (hibernatable), their notifications
 * and audit outbox (SQLite), and one alarm for retries and audit flushes.
 * This class is plumbing; the decisions are in the modules it calls.
 */
export class NotificationsDO extends DurableObject<Env> implements NotificationsRpc {
  private readonly store: NotificationStore;
  private readonly config: Config;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.config = readConfig(env);
    this.store = new NotificationStore(ctx.storage.sql, (fn) => ctx.storage.transactionSync(fn));
    // Answered by the runtime without waking the object (design §4).
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair(PING_FRAME, PONG_FRAME));
  }

  async publishNotification(userId: UserId, input: PublishInput): Promise<PublishResult> {
    const user = UserId.safeParse(userId);
    if (!user.success) throw new TypeError(`invalid userId: ${z.prettifyError(user.error)}`);
    const parsed = PublishInput.safeParse(input);
    if (!parsed.success) throw new TypeError(`invalid notification: ${z.prettifyError(parsed.error)}`);
    const event = parsed.data;
    this.rememberUser(user.data);

    if (event.dedupeKey !== undefined) {
      const existing = this.store.findByDedupeKey(event.dedupeKey);
      if (existing) return { id: existing.id, seq: existing.seq, delivered: 0 };
    }

    const now = Date.now();
    const sockets = this.sockets();
    const requiresAck = event.requiresAck ?? defaultRequiresAck(event.type);
    const rounds = requiresAck
      ? atPublish(now, sockets.length, this.config)
      : { attempts: sockets.length > 0 ? 1 : 0, nextAttemptAt: null, lastAttemptAt: sockets.length > 0 ? now : null };
    const stored = this.store.insert(user.data, {
      id: crypto.randomUUID(),
      dedupeKey: event.dedupeKey ?? null,
      type: event.type,
      data: event.data,
      createdAt: now,
      requiresAck,
      status: requiresAck ? "pending" : "sent",
      ...rounds,
    });
    this.store.prune(now, this.config.historyLimit, this.config.historyMaxAgeMs);
    const delivered = sendToAll(sockets, JSON.stringify(frameOf(stored)));
    log("publish", { userId: user.data, id: stored.id, seq: stored.seq, type: stored.type, requiresAck, delivered });
    await this.scheduleAlarm();
    return { id: stored.id, seq: stored.seq, delivered };
  }

  override async fetch(request: Request): Promise<Response> {
    const user = UserId.safeParse(request.headers.get(USER_HEADER));
    if (!user.success) return new Response("missing user", { status: 400 });
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") {
      return new Response("expected a WebSocket upgrade", { status: 426 });
    }
    this.rememberUser(user.data);
    const { 0: client, 1: server } = new WebSocketPair();
    this.ctx.acceptWebSocket(server, [user.data]);
    const connectionId = crypto.randomUUID();
    server.serializeAttachment({ userId: user.data, connectionId, connectedAt: Date.now() });
    log("connect", { userId: user.data, connectionId, sockets: this.sockets().length });
    this.deliverPendingTo(server, user.data);
    await this.scheduleAlarm();
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const parsed = parseClientFrame(message);
    if (!parsed.ok) {
      log("frame_rejected", { userId: this.userId(), reason: parsed.message.slice(0, 80) });
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
    await this.acknowledge(parsed.frame.notificationId);
  }

  override async webSocketClose(socket: WebSocket, code: number, reason: string): Promise<void> {
    try {
      socket.close(echoableCloseCode(code), reason.slice(0, 120));
    } catch {
      // Already closed: nothing left to complete.
    }
    log("disconnect", { userId: this.userId(), connectionId: attachmentOf(socket)?.connectionId ?? null, code });
  }

  override async webSocketError(socket: WebSocket, error: unknown): Promise<void> {
    log("socket_error", {
      userId: this.userId(),
      connectionId: attachmentOf(socket)?.connectionId ?? null,
      error: error instanceof Error ? error.message : String(error),
    });
    try {
      socket.close(1011, "socket error");
    } catch {
      // Already closed.
    }
  }

  override async alarm(): Promise<void> {
    try {
      this.runDueRounds(Date.now());
      await this.flushAuditIfDue(Date.now());
    } finally {
      await this.scheduleAlarm();
    }
  }

  private async acknowledge(notificationId: string): Promise<void> {
    const stored = this.store.findById(notificationId);
    // Acking twice, acking an unknown id, or acking one that needs no ack is harmless.
    if (!stored?.requiresAck || stored.status === "acked") return;
    const userId = this.userId();
    const now = Date.now();
    this.store.update(userId, stored, { status: "acked", ackedAt: now, nextAttemptAt: null });
    log("ack", {
      userId,
      id: stored.id,
      seq: stored.seq,
      afterRounds: stored.attempts,
      late: stored.status === "failed",
    });
    await this.scheduleAlarm();
  }

  /**
   * Sends a reconnected client what it missed: deliveries to one socket that
   * count as no round (the client dedupes by id), then the newest seq.
   */
  private resume(socket: WebSocket, afterSeq: number | undefined): void {
    const missed = afterSeq === undefined ? [] : this.store.after(afterSeq, this.config.historyLimit);
    try {
      for (const stored of missed) socket.send(JSON.stringify(frameOf(stored)));
      const resumed: ResumedFrame = { type: "resumed", lastSeq: this.store.lastSeq() };
      socket.send(JSON.stringify(resumed));
    } catch {
      // The socket closed meanwhile; it resumes again when it reconnects.
    }
  }

  private deliverPendingTo(socket: WebSocket, userId: string): void {
    const now = Date.now();
    for (const stored of this.store.pending()) {
      try {
        socket.send(JSON.stringify(frameOf(stored)));
      } catch {
        return;
      }
      const next = onConnect(stored, now, this.config);
      if (next) this.store.update(userId, stored, next);
    }
  }

  private runDueRounds(now: number): void {
    const userId = this.userId();
    for (const stored of this.store.due(now)) {
      const sockets = this.sockets();
      const action = dueAction(stored, now, sockets.length, this.config);
      switch (action.kind) {
        case "none":
          break;
        case "fail":
          this.store.update(userId, stored, { status: "failed", nextAttemptAt: null });
          log("failed", { userId, id: stored.id, seq: stored.seq, rounds: stored.attempts });
          break;
        case "wait":
          this.store.update(userId, stored, { nextAttemptAt: null });
          break;
        case "round": {
          const delivered = sendToAll(sockets, JSON.stringify(frameOf(stored)));
          this.store.update(userId, stored, action.next);
          log("retry_round", { userId, id: stored.id, seq: stored.seq, round: action.next.attempts, delivered });
          break;
        }
      }
    }
  }

  private async flushAuditIfDue(now: number): Promise<void> {
    const flushAt = this.store.getMeta(FLUSH_AT);
    if (flushAt === null || Number(flushAt) > now) return;
    try {
      const connectionString = this.env.HYPERDRIVE?.connectionString;
      if (!connectionString) throw new Error("no HYPERDRIVE binding: the audit log has no database");
      const db = createDb(connectionString, Math.ceil(this.config.auditTimeoutMs / 1000));
      let flushed = 0;
      for (;;) {
        const { entries: batch, unreadable } = this.store.outboxBatch(this.config.outboxBatchSize);
        for (const id of unreadable) log("audit_row_dropped", { userId: this.userId(), id });
        if (batch.length === 0 && unreadable.length === 0) break;
        await withTimeout(
          upsertAuditRows(
            db,
            batch.map((entry) => entry.row),
          ),
          this.config.auditTimeoutMs,
          "audit flush",
        );
        this.store.removeFromOutbox(batch);
        flushed += batch.length;
        if (batch.length + unreadable.length < this.config.outboxBatchSize) break;
      }
      this.store.setMeta(FLUSH_FAILURES, null);
      this.store.setMeta(FLUSH_AT, this.store.outboxSize() > 0 ? String(Date.now()) : null);
      log("audit_flush", { userId: this.userId(), rows: flushed });
    } catch (error) {
      const failures = Number(this.store.getMeta(FLUSH_FAILURES) ?? "0") + 1;
      const delay = flushBackoffMs(failures, this.config.outboxFlushDelayMs, this.config.outboxMaxBackoffMs);
      this.store.setMeta(FLUSH_FAILURES, String(failures));
      this.store.setMeta(FLUSH_AT, String(Date.now() + delay));
      log("audit_flush_failed", {
        userId: this.userId(),
        failures,
        retryInMs: delay,
        waiting: this.store.outboxSize(),
        error: error instanceof Error ? error.message.slice(0, 200) : "unknown",
      });
    }
  }

  /** Sets the one alarm to the earliest of the next round and the next audit flush, or clears it. */
  private async scheduleAlarm(): Promise<void> {
    if (this.store.outboxSize() > 0 && this.store.getMeta(FLUSH_AT) === null) {
      this.store.setMeta(FLUSH_AT, String(Date.now() + this.config.outboxFlushDelayMs));
    }
    const flushAt = this.store.getMeta(FLUSH_AT);
    const candidates = [this.store.nextAttemptAt(), flushAt === null ? null : Number(flushAt)].filter(
      (at): at is number => at !== null,
    );
    if (candidates.length === 0) {
      await this.ctx.storage.deleteAlarm();
      return;
    }
    const earliest = Math.min(...candidates);
    const current = await this.ctx.storage.getAlarm();
    if (current !== earliest) await this.ctx.storage.setAlarm(earliest);
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

  /** Records whose object this is; a call meant for another user's object is a caller's bug, refused. */
  private rememberUser(userId: string): void {
    const owner = this.store.getMeta(USER_ID);
    if (owner === null) this.store.setMeta(USER_ID, userId);
    else if (owner !== userId) throw new TypeError(`this object belongs to user ${owner}, not ${userId}`);
  }

  private userId(): string {
    return this.store.getMeta(USER_ID) ?? this.ctx.id.name ?? this.ctx.id.toString();
  }
}
