import { describe, expect, it } from "vitest";
import { completeClose, socketsOverCap } from "./sockets";

function socketConnectedAt(connectedAt: number | null): WebSocket {
  const { 1: server } = new WebSocketPair();
  server.accept();
  if (connectedAt !== null) server.serializeAttachment({ userId: "u", connectionId: `c${connectedAt}`, connectedAt });
  return server;
}

describe("the per-user socket cap", () => {
  it("picks nothing while the sockets fit under the cap", () => {
    const sockets = [socketConnectedAt(1), socketConnectedAt(2)];
    expect(socketsOverCap(sockets, 2)).toEqual([]);
  });

  it("picks the oldest sockets by connection time, whatever their order, so that the cap holds", () => {
    const [a, b, c, d] = [socketConnectedAt(30), socketConnectedAt(10), socketConnectedAt(40), socketConnectedAt(20)];
    expect(socketsOverCap([a, b, c, d] as WebSocket[], 2)).toEqual([b, d]);
  });

  it("counts a socket without a readable attachment as the oldest", () => {
    const [fresh, unknown] = [socketConnectedAt(5), socketConnectedAt(null)];
    expect(socketsOverCap([fresh, unknown] as WebSocket[], 1)).toEqual([unknown]);
  });
});

/** A connected pair, both ends accepted: what the client end receives tells what the server end sent. */
function pair(): { server: WebSocket; closeSeen: Promise<{ code: number; reason: string }> } {
  const { 0: client, 1: server } = new WebSocketPair();
  server.accept();
  client.accept();
  const closeSeen = new Promise<{ code: number; reason: string }>((resolve) =>
    client.addEventListener("close", (event) => resolve({ code: event.code, reason: event.reason })),
  );
  return { server, closeSeen };
}

describe("completing a close the client started", () => {
  it("echoes a code a close frame may carry, with its reason", async () => {
    const { server, closeSeen } = pair();
    completeClose(server, 4001, "bye");
    await expect(closeSeen).resolves.toEqual({ code: 4001, reason: "bye" });
  });

  it("answers 1005 (no code) with a normal close", async () => {
    const { server, closeSeen } = pair();
    completeClose(server, 1005, "");
    await expect(closeSeen).resolves.toEqual({ code: 1000, reason: "" });
  });

  it("sends nothing for 1006 and 1015: the connection is gone, no close frame may carry them", () => {
    for (const code of [1006, 1015]) {
      const { server } = pair();
      completeClose(server, code, "");
      expect(server.readyState).toBe(WebSocket.OPEN);
    }
  });

  it("does nothing, and throws nothing, for a socket already closed", () => {
    const { server } = pair();
    server.close(1000, "done");
    expect(() => completeClose(server, 1000, "again")).not.toThrow();
  });
});
