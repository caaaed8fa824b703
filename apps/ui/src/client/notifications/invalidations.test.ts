import { describe, expect, it } from "vitest";
import { queriesChangedBy } from "./invalidations";

const group = { groupId: "g1", groupName: "Rocket Club" };

describe("event invalidations", () => {
  it("refreshes my invitations when I am invited, and my groups and the group when membership changes", () => {
    expect(
      queriesChangedBy({
        type: "group.invitation.received",
        data: { ...group, invitationId: "i1", inviterId: "alice", inviterName: "alice" },
      }),
    ).toEqual([["invitations"]]);
    expect(
      queriesChangedBy({
        type: "group.member.joined",
        data: { ...group, userId: "bob", userName: "bob", via: "invitation" },
      }),
    ).toEqual([["groups"], ["group", "g1"]]);
  });

  it("refreshes a group's join requests when someone asks to join", () => {
    expect(
      queriesChangedBy({
        type: "group.join_request.created",
        data: { ...group, requestId: "r1", userId: "carol", userName: "carol" },
      }),
    ).toEqual([["group", "g1", "join-requests"]]);
  });
});
