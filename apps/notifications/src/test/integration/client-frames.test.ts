import { MAX_CLIENT_FRAME_BYTES } from "@repo/notifications";
import { waitForMessages, waitForNotifications } from "@repo/test-utils";
import { describe, expect, it } from "vitest";
import { announcement, connect, publish, uniqueUser } from "../helpers";

describe("frames from clients", () => {
  it("answers a ping with a pong", async () => {
    const socket = await connect(uniqueUser());
    socket.send({ type: "ping" });
    socket.send('{ "type" : "ping" }');
    const frames = await waitForMessages(socket, 2, 2_000);
    expect(frames).toEqual([{ type: "pong" }, { type: "pong" }]);
  });

  it.each([
    ["malformed JSON", "{not json", /not JSON/],
    ["an unknown type", JSON.stringify({ type: "subscribe", channel: "x" }), /unknown frame type: subscribe/],
    ["an ack without an id", JSON.stringify({ type: "ack" }), /invalid frame/],
    ["an ack with a numeric id", JSON.stringify({ type: "ack", notificationId: 42 }), /invalid frame/],
    ["a JSON array", "[1,2,3]", /invalid frame/],
    ["a JSON string", '"ping"', /invalid frame/],
    ["null", "null", /invalid frame/],
    [
      "a frame over 64 KiB",
      JSON.stringify({ type: "ack", notificationId: "x".repeat(MAX_CLIENT_FRAME_BYTES) }),
      /too large/,
    ],
  ])("answers %s with an error frame and keeps the socket open", async (_kind, frame, message) => {
    const user = uniqueUser();
    const socket = await connect(user);
    socket.send(frame);
    const [reply] = await waitForMessages(socket, 1, 2_000);
    expect(reply).toMatchObject({ type: "error", message: expect.stringMatching(message) });
    // Still open and still served.
    await publish(user, announcement());
    await waitForNotifications(socket, 1, 2_000);
    expect(socket.closed).toBe(false);
  });

  it("answers a binary frame with an error frame", async () => {
    const socket = await connect(uniqueUser());
    socket.socket.send(new Uint8Array([1, 2, 3]));
    const [reply] = await waitForMessages(socket, 1, 2_000);
    expect(reply).toMatchObject({ type: "error", message: expect.stringMatching(/binary/) });
  });
});
