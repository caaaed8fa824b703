import { describe, expect, it } from "vitest";
import { parseServerFrame } from "./parse-server-frame";
import { invitationFrame } from "./test/frames";

describe("parseServerFrame", () => {
  it("accepts a notification, a pong and an error frame as the protocol defines them", () => {
    const notification = invitationFrame();
    expect(parseServerFrame(JSON.stringify(notification))).toEqual({ ok: true, frame: notification });
    expect(parseServerFrame('{"type":"pong"}')).toEqual({ ok: true, frame: { type: "pong" } });
    expect(parseServerFrame('{"type":"error","message":"bad ack"}')).toEqual({
      ok: true,
      frame: { type: "error", message: "bad ack" },
    });
  });

  it("rejects text that is not JSON without throwing", () => {
    const result = parseServerFrame("{not json");
    expect(result).toEqual({ ok: false, reason: expect.stringContaining("not JSON") });
  });

  it("rejects binary frames", () => {
    expect(parseServerFrame(new ArrayBuffer(4)).ok).toBe(false);
  });

  it("rejects a notification whose data does not match its event type and says which field is wrong", () => {
    const frame = { ...invitationFrame(), data: { groupId: "g" } };
    const result = parseServerFrame(JSON.stringify(frame));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toContain("group.invitation.received");
      expect(result.reason).toContain("inviterName");
    }
  });

  it("rejects an event type this client does not know and frames without a type", () => {
    expect(parseServerFrame(JSON.stringify({ ...invitationFrame(), type: "discord.message" })).ok).toBe(false);
    expect(parseServerFrame("[1,2,3]")).toEqual({ ok: false, reason: "frame has no type" });
  });
});
