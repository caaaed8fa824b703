import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";

/** One socket the server accepted, with every frame the client sent it. */
export interface ServerConnection {
  socket: WebSocket;
  received: unknown[];
  closed: boolean;
  send(frame: unknown): void;
}

export interface ServerBehaviour {
  /** `accept`, or the HTTP status to refuse upgrades with. */
  upgrade: "accept" | 401 | 503;
  /** What `GET /api/session` answers. */
  session: 200 | 401;
  /** Answer `{"type":"ping"}` with a pong, as the runtime's auto-response does. */
  answerPings: boolean;
}

/**
 * A real WebSocket server on an ephemeral port that speaks the notifications
 * protocol well enough to drive the hook, and records what it receives.
 */
export class NotificationsServer {
  readonly connections: ServerConnection[] = [];
  upgradeAttempts = 0;
  sessionProbes = 0;
  behaviour: ServerBehaviour = { upgrade: "accept", session: 200, answerPings: true };

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    readonly url: string,
    readonly sessionUrl: string,
  ) {}

  static async start(): Promise<NotificationsServer> {
    const wss = new WebSocketServer({ noServer: true });
    const http = createServer();
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const address = http.address();
    if (address === null || typeof address === "string") throw new Error("expected a TCP address");
    const { port } = address;
    const server = new NotificationsServer(
      http,
      wss,
      `ws://127.0.0.1:${port}/ws/notifications`,
      `http://127.0.0.1:${port}/api/session`,
    );
    http.on("request", (request, response) => {
      if (request.url === "/api/session") {
        server.sessionProbes += 1;
        const ok = server.behaviour.session === 200;
        response.writeHead(ok ? 200 : 401, { "content-type": "application/json" });
        response.end(JSON.stringify(ok ? { userId: "bob", name: "bob" } : { error: "no session" }));
        return;
      }
      response.writeHead(404).end();
    });
    http.on("upgrade", (request, socket, head) => server.handleUpgrade(request, socket, head));
    return server;
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

  private handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.upgradeAttempts += 1;
    // A client that gives up mid-handshake resets the connection; that is not a test failure.
    socket.on("error", () => {});
    const { upgrade } = this.behaviour;
    if (upgrade !== "accept") {
      socket.end(`HTTP/1.1 ${upgrade} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => {
      const connection: ServerConnection = {
        socket: ws,
        received: [],
        closed: false,
        send: (frame) => ws.send(typeof frame === "string" ? frame : JSON.stringify(frame)),
      };
      ws.on("message", (data) => {
        const frame: unknown = JSON.parse(String(data));
        connection.received.push(frame);
        if (this.behaviour.answerPings && isPing(frame)) ws.send('{"type":"pong"}');
      });
      ws.on("error", () => {});
      ws.on("close", () => {
        connection.closed = true;
      });
      this.connections.push(connection);
    });
  }
}

function isPing(frame: unknown): boolean {
  return typeof frame === "object" && frame !== null && "type" in frame && frame.type === "ping";
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
  return connection.received.filter(isPing).length;
}
