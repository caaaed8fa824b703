import { describe, expect, it } from "vitest";
import { JoinRequest } from "../../model";
import {
  accept,
  addMember,
  call,
  createGroup,
  drained,
  expectCall,
  grantAdmin,
  Inboxes,
  invite,
  requestToJoin,
  signIn,
} from "../helpers";

/**
 * Alice and Carol are the group's admins; Bob is the user each test is about;
 * Dave is in no way involved. All four have a socket open, and each test
 * asserts what every one of them received.
 */
async function scene() {
  const [alice, bob, carol, dave] = await Promise.all(["alice", "bob", "carol", "dave"].map(signIn));
  if (!alice || !bob || !carol || !dave) throw new Error("sign-in failed");
  const inboxes = await Inboxes.open({ alice, bob, carol, dave });
  const group = await createGroup(alice, "Rocket Club");
  await addMember(alice, group.id, carol, "admin");
  await drained(group.id);
  inboxes.mark();
  return { alice, bob, carol, dave, group, inboxes };
}

describe("group events reach exactly the users design §3 names", () => {
  it("sends group.invitation.received to the invitee alone, never to the inviting admin", async () => {
    const { alice, bob, group, inboxes } = await scene();
    const invitation = await invite(alice, group.id, bob.id);
    await drained(group.id);

    expect(inboxes.types()).toEqual({ alice: [], bob: ["group.invitation.received"], carol: [], dave: [] });
    expect(inboxes.since("bob")[0]).toMatchObject({
      requiresAck: true,
      data: {
        invitationId: invitation.id,
        groupId: group.id,
        groupName: "Rocket Club",
        inviterId: alice.id,
        inviterName: "Alice",
      },
    });
  });

  it("sends group.invitation.accepted and group.member.joined via invitation to every admin, not to the new member", async () => {
    const { alice, bob, group, inboxes } = await scene();
    const invitation = await invite(alice, group.id, bob.id);
    await drained(group.id);
    inboxes.mark();

    await accept(bob, invitation.id);
    await drained(group.id);

    const both = ["group.invitation.accepted", "group.member.joined"];
    expect(inboxes.types()).toEqual({ alice: both, bob: [], carol: both, dave: [] });
    for (const admin of ["alice", "carol"] as const) {
      const [accepted, joined] = inboxes.since(admin);
      expect(accepted).toMatchObject({
        requiresAck: false,
        data: {
          invitationId: invitation.id,
          groupId: group.id,
          groupName: "Rocket Club",
          userId: bob.id,
          userName: "Bob",
        },
      });
      expect(joined).toMatchObject({
        requiresAck: false,
        data: { groupId: group.id, groupName: "Rocket Club", userId: bob.id, userName: "Bob", via: "invitation" },
      });
    }
  });

  it("sends group.member.removed to the removed member alone", async () => {
    const { alice, bob, group, inboxes } = await scene();
    await addMember(alice, group.id, bob, "member");
    await drained(group.id);
    inboxes.mark();

    expect((await call(alice, "DELETE", `/api/groups/${group.id}/members/${bob.id}`)).status).toBe(200);
    await drained(group.id);

    expect(inboxes.types()).toEqual({ alice: [], bob: ["group.member.removed"], carol: [], dave: [] });
    expect(inboxes.since("bob")[0]).toMatchObject({
      requiresAck: true,
      data: { groupId: group.id, groupName: "Rocket Club", removedById: alice.id, removedByName: "Alice" },
    });
  });

  it("sends group.admin.granted and group.admin.revoked to that member alone", async () => {
    const { alice, bob, carol, group, inboxes } = await scene();
    await addMember(alice, group.id, bob, "member");
    await drained(group.id);
    inboxes.mark();

    await grantAdmin(alice, group.id, bob.id);
    expect((await call(carol, "DELETE", `/api/groups/${group.id}/admins/${bob.id}`)).status).toBe(200);
    await drained(group.id);

    expect(inboxes.types()).toEqual({
      alice: [],
      bob: ["group.admin.granted", "group.admin.revoked"],
      carol: [],
      dave: [],
    });
    const [granted, revoked] = inboxes.since("bob");
    expect(granted).toMatchObject({
      requiresAck: true,
      data: { groupId: group.id, groupName: "Rocket Club", grantedById: alice.id, grantedByName: "Alice" },
    });
    expect(revoked).toMatchObject({
      requiresAck: true,
      data: { groupId: group.id, groupName: "Rocket Club", revokedById: carol.id, revokedByName: "Carol" },
    });
  });

  it("sends group.join_request.created to every admin, not to the requester", async () => {
    const { bob, group, inboxes } = await scene();
    const request = await requestToJoin(bob, group.id, "I build rockets too");
    await drained(group.id);

    const created = ["group.join_request.created"];
    expect(inboxes.types()).toEqual({ alice: created, bob: [], carol: created, dave: [] });
    expect(inboxes.since("carol")[0]).toMatchObject({
      requiresAck: false,
      data: {
        requestId: request.id,
        groupId: group.id,
        groupName: "Rocket Club",
        userId: bob.id,
        userName: "Bob",
        message: "I build rockets too",
      },
    });
  });

  it("sends group.join_request.approved to the requester and group.member.joined via join_request to the other admins", async () => {
    const { alice, bob, group, inboxes } = await scene();
    const request = await requestToJoin(bob, group.id);
    await drained(group.id);
    inboxes.mark();

    await expectCall(JoinRequest, 200, alice, "POST", `/api/join-requests/${request.id}/approve`);
    await drained(group.id);

    expect(inboxes.types()).toEqual({
      alice: [],
      bob: ["group.join_request.approved"],
      carol: ["group.member.joined"],
      dave: [],
    });
    expect(inboxes.since("bob")[0]).toMatchObject({
      requiresAck: true,
      data: {
        requestId: request.id,
        groupId: group.id,
        groupName: "Rocket Club",
        approvedById: alice.id,
        approvedByName: "Alice",
      },
    });
    expect(inboxes.since("carol")[0]).toMatchObject({
      data: { groupId: group.id, groupName: "Rocket Club", userId: bob.id, userName: "Bob", via: "join_request" },
    });
  });

  it("sends group.join_request.rejected with the reason to the requester alone", async () => {
    const { bob, carol, group, inboxes } = await scene();
    const request = await requestToJoin(bob, group.id);
    await drained(group.id);
    inboxes.mark();

    await expectCall(JoinRequest, 200, carol, "POST", `/api/join-requests/${request.id}/reject`, {
      reason: "Members only",
    });
    await drained(group.id);

    expect(inboxes.types()).toEqual({ alice: [], bob: ["group.join_request.rejected"], carol: [], dave: [] });
    expect(inboxes.since("bob")[0]).toMatchObject({
      requiresAck: true,
      data: {
        requestId: request.id,
        groupId: group.id,
        groupName: "Rocket Club",
        rejectedById: carol.id,
        rejectedByName: "Carol",
        reason: "Members only",
      },
    });
  });

  it("publishes nothing when an invitation is declined, an action is refused, or an admin gives up their own role", async () => {
    const { alice, bob, dave, group, inboxes } = await scene();
    const invitation = await invite(alice, group.id, bob.id);
    await drained(group.id);
    inboxes.mark();

    expect((await call(bob, "POST", `/api/invitations/${invitation.id}/decline`)).status).toBe(200);
    expect((await call(dave, "POST", `/api/groups/${group.id}/invitations`, { userId: bob.id })).status).toBe(403);
    expect((await call(alice, "DELETE", `/api/groups/${group.id}/admins/${alice.id}`)).status).toBe(200);
    await drained(group.id);

    expect(inboxes.types()).toEqual({ alice: [], bob: [], carol: [], dave: [] });
  });
});
