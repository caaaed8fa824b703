import type { NotificationFrame } from "@repo/notifications/client";

let nextSeq = 1;

/** A valid invitation notification; pass overrides for the fields a test cares about. */
export function invitationFrame(overrides: Partial<Pick<NotificationFrame, "id" | "seq" | "requiresAck">> = {}) {
  const frame: NotificationFrame = {
    id: crypto.randomUUID(),
    seq: nextSeq++,
    timestamp: Date.now(),
    requiresAck: true,
    type: "group.invitation.received",
    data: {
      invitationId: "inv-1",
      groupId: "grp-1",
      groupName: "Rocket Club",
      inviterId: "alice",
      inviterName: "alice",
    },
    ...overrides,
  };
  return frame;
}

/** A valid notification that needs no acknowledgment. */
export function joinedFrame(overrides: Partial<Pick<NotificationFrame, "id" | "seq">> = {}) {
  const frame: NotificationFrame = {
    id: crypto.randomUUID(),
    seq: nextSeq++,
    timestamp: Date.now(),
    requiresAck: false,
    type: "group.member.joined",
    data: { groupId: "grp-1", groupName: "Rocket Club", userId: "bob", userName: "bob", via: "invitation" },
    ...overrides,
  };
  return frame;
}
