import { describe, expect, it } from "vitest";
import { socketsOverCap } from "./sockets";

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
