import type { NotificationEvent } from "@repo/notifications/client";
import { describe, expect, it } from "vitest";
import { describeEvent } from "./wording";

const group = { groupId: "g1", groupName: "Rocket Club" };

describe("event wording", () => {
  it("words events the way a person would say them", () => {
    const cases: [NotificationEvent, string][] = [
      [
        {
          type: "group.invitation.received",
          data: { ...group, invitationId: "i1", inviterId: "alice", inviterName: "alice" },
        },
        "alice invited you to Rocket Club",
      ],
      [
        { type: "group.invitation.accepted", data: { ...group, invitationId: "i1", userId: "bob", userName: "bob" } },
        "bob accepted the invitation to Rocket Club",
      ],
      [
        { type: "group.member.joined", data: { ...group, userId: "bob", userName: "bob", via: "invitation" } },
        "bob joined Rocket Club",
      ],
      [
        { type: "group.admin.granted", data: { ...group, grantedById: "alice", grantedByName: "alice" } },
        "alice made you an admin of Rocket Club",
      ],
      [
        {
          type: "group.join_request.rejected",
          data: { ...group, requestId: "r1", rejectedById: "alice", rejectedByName: "alice", reason: "full" },
        },
        "alice declined your request to join Rocket Club",
      ],
    ];
    for (const [event, title] of cases) expect(describeEvent(event).title).toBe(title);
  });

  it("shows an announcement's own title and body with a tone that follows its severity", () => {
    const wording = describeEvent({
      type: "system.announcement",
      data: { title: "Maintenance tonight", body: "From 22:00 UTC", severity: "critical" },
    });
    expect(wording).toEqual({ title: "Maintenance tonight", description: "From 22:00 UTC", tone: "error" });
  });
});
