import { MAX_CLIENT_FRAME_BYTES } from "@repo/notifications";
import { describe, expect, it } from "vitest";
import { parseClientFrame } from "./client-frames";

describe("parseClientFrame", () => {
  it("reads a ping and an ack", () => {
    expect(parseClientFrame('{"type":"ping"}')).toEqual({ ok: true, frame: { type: "ping" } });
    expect(parseClientFrame('{"type":"ack","notificationId":"n1"}')).toEqual({
      ok: true,
      frame: { type: "ack", notificationId: "n1" },
    });
  });

  it("refuses a text frame over 64 KiB counted in UTF-8 bytes, not characters", () => {
    // 30,000 three-byte characters: under the limit in characters, over it in bytes.
    const wide = JSON.stringify({ type: "ack", notificationId: "€".repeat(30_000) });
    expect(wide.length).toBeLessThan(MAX_CLIENT_FRAME_BYTES);
    expect(parseClientFrame(wide)).toMatchObject({ ok: false, message: expect.stringMatching(/too large/) });
  });

  it("refuses binary frames, saying why", () => {
    expect(parseClientFrame(new ArrayBuffer(8))).toMatchObject({ ok: false, message: expect.stringMatching(/binary/) });
    expect(parseClientFrame(new ArrayBuffer(MAX_CLIENT_FRAME_BYTES + 1))).toMatchObject({
      ok: false,
      message: expect.stringMatching(/too large/),
    });
  });

  it("names an unknown frame type, and explains a mistyped known one", () => {
    expect(parseClientFrame('{"type":"subscribe","channel":"x"}')).toEqual({
      ok: false,
      message: "unknown frame type: subscribe",
    });
    expect(parseClientFrame('{"type":"ack","notificationId":""}')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/invalid frame/),
    });
  });
});
