import { describe, expect, it } from "vitest";
import { isNotificationFrame, ReadFrame, ReadRequestFrame, ResumedFrame, ServerFrame } from "./protocol.ts";

describe("the §4.1 read-state frames", () => {
  it("accepts a client read by ids or up to a seq, and refuses one with neither", () => {
    expect(ReadRequestFrame.safeParse({ type: "read", ids: ["a"] }).success).toBe(true);
    expect(ReadRequestFrame.safeParse({ type: "read", upToSeq: 4 }).success).toBe(true);
    expect(ReadRequestFrame.safeParse({ type: "read" }).success).toBe(false);
    expect(ReadRequestFrame.safeParse({ type: "read", upToSeq: -1 }).success).toBe(false);
  });

  it("reads a server read frame as a control frame, and needs its readAt and unread count", () => {
    const frame = { type: "read", upToSeq: 3, readAt: 1_700_000_000_000, unread: 2 };
    const parsed = ServerFrame.safeParse(frame);
    expect(parsed.success && !isNotificationFrame(parsed.data)).toBe(true);
    expect(ReadFrame.safeParse({ type: "read", ids: ["a"], readAt: 1 }).success).toBe(false);
  });

  it("reads `resumed` with and without the unread count, so a client also reads a server without read state", () => {
    expect(ResumedFrame.parse({ type: "resumed", lastSeq: 3, unread: 1 })).toEqual({
      type: "resumed",
      lastSeq: 3,
      unread: 1,
    });
    expect(ResumedFrame.safeParse({ type: "resumed", lastSeq: 3 }).success).toBe(true);
  });
});
