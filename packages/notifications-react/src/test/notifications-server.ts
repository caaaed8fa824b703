import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { type NotificationFrame, ReadRequest, ReadRequestFrame } from "@repo/notifications/client";
import { type WebSocket, WebSocketServer } from "ws";
import { type StoredNotification, UserInbox } from "./user-inbox";

/** One socket the server accepted, with every frame the client sent it. */
export interface ServerConnection {
  userId: string;
  socket: WebSocket;
  received: unknown[];
  closed: boolean;
  /** Sent `resume`: gets `read` frames and `readAt` on notifications (§4.1). */
  resumed: boolean;
  send(frame: unknown): void;
}

export interface ServerBehaviour {
  /** `accept`, or the HTTP status to refuse upgrades with. */
  upgrade: "accept" | 401 | 503;
  /** What `GET /api/session` answers. */
  session: 200 | 401;
  /** Answer `{"type":"ping"}` with a pong, as the runtime's auto-response does. */
  answerPings: boolean;
  /**
   * Speak §4.1 and §5.0 from a store of its own: answer `resume` and `read`, serve history and
   * `POST …/read`. Off, the server only records frames and a test sends what it wants.
   */
  inbox: boolean;
}

/** The user a URL names: the server takes identity from a `/u/<userId>` path prefix, as a session would give it. */
const USER_PATH = /^\/u\/([^/]+)(\/.*)$/;

/**
 * A real WebSocket and HTTP server on an ephemeral port that speaks the
 * notifications protocol (§4, §4.1) and the inbox API (§5.0) well enough to
 * drive the hook, and records what it receives.
 */
export class NotificationsServer {
  readonly connections: ServerConnection[] = [];
  readonly inboxes = new Map<string, UserInbox>();
  upgradeAttempts = 0;
  sessionProbes = 0;
  historyRequests: string[] = [];
  readPosts: unknown[] = [];
  behaviour: ServerBehaviour = { upgrade: "accept", session: 200, answerPings: true, inbox: false };

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    readonly origin: string,
  ) {}

  static async start(): Promise<NotificationsServer> {
    const wss = new WebSocketServer({ noServer: true });
    const http = createServer();
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const address = http.address();
    if (address === null || typeof address === "string") throw new Error("expected a TCP address");
    const server = new NotificationsServer(http, wss, `127.0.0.1:${address.port}`);
    http.on("request", (request, response) => void server.handleRequest(request, response));
    http.on("upgrade", (request, socket, head) => server.handleUpgrade(request, socket, head));
    return server;
  }

  /** The socket URL of `userId` (default bob). */
  urlFor(userId = "bob"): string {
    return `ws://${this.origin}/u/${userId}/ws/notifications`;
  }

  sessionUrlFor(userId = "bob"): string {
    return `http://${this.origin}/u/${userId}/api/session`;
  }

  apiUrlFor(userId = "bob"): string {
    return `http://${this.origin}/u/${userId}/api/notifications`;
  }

  get url(): string {
    return this.urlFor();
  }

  get sessionUrl(): string {
    return this.sessionUrlFor();
  }

  inbox(userId = "bob"): UserInbox {
    let inbox = this.inboxes.get(userId);
    if (!inbox) {
      inbox = new UserInbox();
      this.inboxes.set(userId, inbox);
    }
    return inbox;
  }

  /** Stores a notification for `userId` and sends it to every open socket of theirs, as a publish does. */
  publish(userId: string, frame: NotificationFrame): StoredNotification {
    const stored = this.inbox(userId).add(frame);
    for (const connection of this.open()) {
      if (connection.userId === userId) connection.send(frameFor(stored, connection.resumed));
    }
    return stored;
  }

  /** Connections the server has not seen close. */
  open(): ServerConnection[] {
    return this.connections.filter((connection) => !connection.closed);
  }

  latest(): ServerConnection {
    const connection = this.connections.at(-1);
    if (!connection) throw new Error("no connection yet");
    return connection;
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private async handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", `http://${this.origin}`);
    const match = USER_PATH.exec(url.pathname);
    const userId = match?.[1] ?? "bob";
    const path = match?.[2] ?? url.pathname;
    if (path === "/api/session") {
      this.sessionProbes += 1;
      const ok = this.behaviour.session === 200;
      json(response, ok ? 200 : 401, ok ? { userId, name: userId } : { error: "no session" });
      return;
    }
    if (path === "/api/notifications" && request.method === "GET") this.historyRequests.push(url.search);
    if (!this.behaviour.inbox) {
      response.writeHead(404).end();
      return;
    }
    if (path === "/api/notifications" && request.method === "GET") {
      const limit = Number(url.searchParams.get("limit") ?? 50);
      const beforeText = url.searchParams.get("before");
      const before = beforeText === null ? null : Number(beforeText);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100 || (before !== null && !Number.isInteger(before))) {
        json(response, 400, { error: "invalid limit or before" });
        return;
      }
      json(response, 200, this.inbox(userId).page(limit, before));
      return;
    }
    if (path === "/api/notifications/read" && request.method === "POST") {
      const body = ReadRequest.safeParse(parseJson(await readBody(request)));
      this.readPosts.push(body.success ? body.data : null);
      if (!body.success) {
        json(response, 400, { error: "invalid body" });
        return;
      }
      const unread = this.markRead(userId, body.data);
      json(response, 200, { unread });
      return;
    }
    response.writeHead(404).end();
  }

  private markRead(userId: string, read: { ids?: string[]; upToSeq?: number }): number {
    const inbox = this.inbox(userId);
    const readAt = inbox.markRead(read);
    const frame = JSON.stringify({ type: "read", ...read, readAt, unread: inbox.unread() });
    for (const connection of this.open()) {
      if (connection.userId === userId && connection.resumed) connection.send(frame);
    }
    return inbox.unread();
  }

  private handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.upgradeAttempts += 1;
    // A client that gives up mid-handshake resets the connection; that is not a test failure.
    socket.on("error", () => {});
    const { upgrade } = this.behaviour;
    if (upgrade !== "accept") {
      socket.end(`HTTP/1.1 ${upgrade} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const userId = USER_PATH.exec(request.url ?? "")?.[1] ?? "bob";
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const connection: ServerConnection = {
        userId,
        socket: ws,
        received: [],
        closed: false,
        resumed: false,
        send: (frame) => ws.send(typeof frame === "string" ? frame : JSON.stringify(frame)),
      };
      ws.on("message", (data) => this.handleFrame(connection, parseJson(String(data))));
      ws.on("error", () => {});
      ws.on("close", () => {
        connection.closed = true;
      });
      this.connections.push(connection);
    });
  }

  private handleFrame(connection: ServerConnection, frame: unknown): void {
    connection.received.push(frame);
    if (this.behaviour.answerPings && typeOf(frame) === "ping") connection.send({ type: "pong" });
    if (!this.behaviour.inbox) return;
    const inbox = this.inbox(connection.userId);
    if (typeOf(frame) === "resume") {
      const afterSeq = afterSeqOf(frame);
      connection.resumed = true;
      if (afterSeq !== null) {
        for (const stored of inbox.after(afterSeq)) connection.send(frameFor(stored, true));
      }
      connection.send({ type: "resumed", lastSeq: inbox.lastSeq(), unread: inbox.unread() });
      return;
    }
    if (typeOf(frame) === "read") {
      const read = ReadRequestFrame.safeParse(frame);
      if (!read.success) {
        connection.send({ type: "error", message: "invalid read frame" });
        return;
      }
      const { type: _type, ...target } = read.data;
      this.markRead(connection.userId, target);
    }
  }
}

function frameFor(stored: StoredNotification, resumed: boolean): NotificationFrame {
  return resumed ? { ...stored.frame, readAt: stored.readAt } : stored.frame;
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function typeOf(frame: unknown): unknown {
  return typeof frame === "object" && frame !== null && "type" in frame ? frame.type : undefined;
}

function afterSeqOf(frame: unknown): number | null {
  return typeof frame === "object" && frame !== null && "afterSeq" in frame && typeof frame.afterSeq === "number"
    ? frame.afterSeq
    : null;
}

/** The notification ids a connection acknowledged, in order. */
export function ackedIds(connection: ServerConnection): string[] {
  return connection.received.flatMap((frame) =>
    typeof frame === "object" && frame !== null && "type" in frame && frame.type === "ack" && "notificationId" in frame
      ? [String(frame.notificationId)]
      : [],
  );
}

/** How many pings a connection sent. */
export function pingCount(connection: ServerConnection): number {
  return connection.received.filter((frame) => typeOf(frame) === "ping").length;
}

/** The frames of one type a connection sent, in order. */
export function framesOfType(connection: ServerConnection, type: string): unknown[] {
  return connection.received.filter((frame) => typeOf(frame) === type);
}
