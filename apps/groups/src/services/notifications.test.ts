import { describe, expect, it } from "vitest";
import { type GroupData, NotificationService } from "./notifications";

const group = { id: "g1", name: "Rocket Club" };

function service(names: Record<string, string>, admins: string[]): NotificationService {
  const data: GroupData = { nameOf: (userId) => names[userId] ?? null, adminIds: () => admins };
  return new NotificationService(data);
}

const recipients = (outgoing: { recipientId: string }[]) => outgoing.map((entry) => entry.recipientId);

describe("NotificationService", () => {
  it("names users by the name the group knows, or by their id when it knows none", () => {
    const notifications = service({ alice: "Alice" }, []);
    expect(notifications.getUserInfo("alice")).toEqual({ id: "alice", name: "Alice" });
    expect(notifications.getUserInfo("bob")).toEqual({ id: "bob", name: "bob" });
  });

  it("sends an invitation to the invitee only, with the inviter's name and a key made of the invitation", () => {
    const [outgoing, ...rest] = service({ alice: "Alice" }, ["alice", "carol"]).invitationReceived(
      group,
      { id: "g1.i1", userId: "bob" },
      "alice",
    );
    expect(rest).toEqual([]);
    expect(outgoing).toEqual({
      recipientId: "bob",
      input: {
        type: "group.invitation.received",
        data: {
          invitationId: "g1.i1",
          groupId: "g1",
          groupName: "Rocket Club",
          inviterId: "alice",
          inviterName: "Alice",
        },
        dedupeKey: "group.invitation.received:g1.i1",
      },
    });
  });

  it("tells every admin but the actor that an invitation was accepted and a member joined", () => {
    const notifications = service({ bob: "Bob" }, ["alice", "carol", "bob"]);
    expect(recipients(notifications.invitationAccepted(group, "g1.i1", "bob"))).toEqual(["alice", "carol"]);
    const joined = notifications.memberJoined(group, { userId: "bob", via: "join_request", causeId: "g1.r1" }, "alice");
    expect(recipients(joined)).toEqual(["carol", "bob"]);
    expect(joined[0]?.input).toEqual({
      type: "group.member.joined",
      data: { groupId: "g1", groupName: "Rocket Club", userId: "bob", userName: "Bob", via: "join_request" },
      dedupeKey: "group.member.joined:g1.r1",
    });
  });

  it("tells nobody about their own removal or role change", () => {
    const notifications = service({}, ["alice"]);
    expect(notifications.memberRemoved(group, "alice", "c1", "alice")).toEqual([]);
    expect(notifications.adminGranted(group, "alice", "c2", "alice")).toEqual([]);
    expect(notifications.adminRevoked(group, "alice", "c3", "alice")).toEqual([]);
    expect(recipients(notifications.adminRevoked(group, "bob", "c4", "alice"))).toEqual(["bob"]);
  });

  it("leaves out a join request's message and a rejection's reason when there is none", () => {
    const notifications = service({ bob: "Bob", alice: "Alice" }, ["alice"]);
    const created = notifications.joinRequestCreated(group, { id: "g1.r1", userId: "bob", message: null }, "bob");
    expect(created[0]?.input.data).not.toHaveProperty("message");
    const withMessage = notifications.joinRequestCreated(group, { id: "g1.r1", userId: "bob", message: "hi" }, "bob");
    expect(withMessage[0]?.input.data).toMatchObject({ message: "hi" });
    const rejected = notifications.joinRequestRejected(group, { id: "g1.r1", userId: "bob", reason: null }, "alice");
    expect(rejected[0]?.input.data).not.toHaveProperty("reason");
    expect(rejected[0]?.input.dedupeKey).toBe("group.join_request.rejected:g1.r1");
  });
});
