import { describe, expect, it } from "vitest";
import { defaultRequiresAck, EventType } from "./events.ts";
import { ClientFrame, NotificationFrame, ServerFrame } from "./protocol.ts";
import { PublishInput } from "./rpc.ts";

describe("events and frames", () => {
  it("knows the ten event types of the design, with their ack defaults", () => {
    expect(EventType.options).toHaveLength(10);
    expect(defaultRequiresAck("group.invitation.received")).toBe(true);
    expect(defaultRequiresAck("group.member.joined")).toBe(false);
    expect(defaultRequiresAck("system.announcement")).toBe(false);
  });

  it("checks an event's data against the schema of its own type", () => {
    const data = { groupId: "g", groupName: "G", userId: "u", userName: "U", via: "invitation" };
    expect(PublishInput.safeParse({ type: "group.member.joined", data }).success).toBe(true);
    expect(PublishInput.safeParse({ type: "group.member.joined", data: { ...data, via: "magic" } }).success).toBe(
      false,
    );
    expect(PublishInput.safeParse({ type: "group.admin.granted", data }).success).toBe(false);
  });

  it("accepts an announcement url only with the https: or http: scheme", () => {
    const announcement = (url: string) =>
      PublishInput.safeParse({ type: "system.announcement", data: { title: "T", body: "B", severity: "info", url } });
    expect(announcement("https://status.example.com/incident/1").success).toBe(true);
    expect(announcement("http://127.0.0.1:5173/admin").success).toBe(true);
    for (const url of [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "file:///etc/passwd",
      "ftp://example.com/x",
      "not a url",
    ]) {
      const parsed = announcement(url);
      expect(parsed.success, url).toBe(false);
    }
    const refused = announcement("javascript:alert(1)");
    expect(refused.success ? [] : refused.error.issues.map((issue) => issue.message)).toContain(
      "the url must be an http: or https: URL",
    );
  });

  it("reads every server frame kind and rejects a notification with a bad id", () => {
    const frame = {
      id: crypto.randomUUID(),
      seq: 1,
      type: "system.announcement",
      timestamp: 1,
      requiresAck: false,
      data: { title: "t", body: "b", severity: "info" },
    };
    expect(NotificationFrame.safeParse(frame).success).toBe(true);
    expect(ServerFrame.safeParse({ type: "pong" }).success).toBe(true);
    expect(ServerFrame.safeParse({ type: "error", message: "m" }).success).toBe(true);
    expect(ServerFrame.safeParse({ ...frame, id: "nope" }).success).toBe(false);
  });

  it("reads client pings and acks only", () => {
    expect(ClientFrame.safeParse({ type: "ack", notificationId: "x" }).success).toBe(true);
    expect(ClientFrame.safeParse({ type: "pong" }).success).toBe(false);
  });
});
