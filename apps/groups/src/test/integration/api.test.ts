import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Group, GroupSummary, Invitation, JoinRequest } from "../../model";
import { accept, addMember, call, createGroup, expectCall, invite, requestToJoin, signIn } from "../helpers";

const Groups = z.array(GroupSummary);
const Invitations = z.array(Invitation);
const JoinRequests = z.array(JoinRequest);

describe("groups API (design §5.2)", () => {
  it("answers GET /health with ok and the service name, without a session", async () => {
    expect(await call(null, "GET", "/health")).toEqual({ status: 200, body: { ok: true, service: "groups" } });
  });

  it("creates a group with its creator as first admin, and lists it among the creator's groups", async () => {
    const alice = await signIn("alice");
    const group = await createGroup(alice, "  Rocket Club  ");
    expect(group).toMatchObject({
      name: "Rocket Club",
      createdById: alice.id,
      members: [{ userId: alice.id, name: "Alice", role: "admin" }],
    });
    expect(await expectCall(Groups, 200, alice, "GET", "/api/groups")).toEqual([
      { id: group.id, name: "Rocket Club", role: "admin", joinedAt: group.createdAt },
    ]);
    expect(await expectCall(Group, 200, alice, "GET", `/api/groups/${group.id}`)).toEqual(group);
  });

  it("lists an invitation among the invitee's pending invitations until it is accepted, and then the group", async () => {
    const alice = await signIn("alice");
    const bob = await signIn("bob");
    const group = await createGroup(alice);
    const invitation = await invite(alice, group.id, bob.id);
    expect(invitation).toMatchObject({
      groupId: group.id,
      groupName: "Rocket Club",
      userId: bob.id,
      userName: bob.id,
      invitedById: alice.id,
      invitedByName: "Alice",
      status: "pending",
      respondedAt: null,
    });
    expect(await expectCall(Invitations, 200, bob, "GET", "/api/invitations")).toEqual([invitation]);

    const accepted = await accept(bob, invitation.id);
    expect(accepted).toMatchObject({ id: invitation.id, status: "accepted", userName: "Bob" });
    expect(await expectCall(Invitations, 200, bob, "GET", "/api/invitations")).toEqual([]);
    expect(await expectCall(Groups, 200, bob, "GET", "/api/groups")).toMatchObject([{ id: group.id, role: "member" }]);
    const members = (await expectCall(Group, 200, bob, "GET", `/api/groups/${group.id}`)).members;
    expect(members.map(({ userId, name, role }) => ({ userId, name, role }))).toEqual([
      { userId: alice.id, name: "Alice", role: "admin" },
      { userId: bob.id, name: "Bob", role: "member" },
    ]);
  });

  it("drops a declined invitation from the invitee's list and does not make them a member", async () => {
    const alice = await signIn("alice");
    const bob = await signIn("bob");
    const group = await createGroup(alice);
    const invitation = await invite(alice, group.id, bob.id);
    const declined = await expectCall(Invitation, 200, bob, "POST", `/api/invitations/${invitation.id}/decline`);
    expect(declined).toMatchObject({ id: invitation.id, status: "declined" });
    expect(await expectCall(Invitations, 200, bob, "GET", "/api/invitations")).toEqual([]);
    expect(await expectCall(Groups, 200, bob, "GET", "/api/groups")).toEqual([]);
    expect(await invite(alice, group.id, bob.id)).toMatchObject({ status: "pending" });
  });

  it("lists pending join requests for admins, and makes an approved requester a member", async () => {
    const alice = await signIn("alice");
    const bob = await signIn("bob");
    const group = await createGroup(alice);
    const request = await requestToJoin(bob, group.id, "Hello");
    expect(request).toMatchObject({
      groupId: group.id,
      userId: bob.id,
      userName: "Bob",
      message: "Hello",
      status: "pending",
    });
    expect(await expectCall(JoinRequests, 200, alice, "GET", `/api/groups/${group.id}/join-requests`)).toEqual([
      request,
    ]);

    const approved = await expectCall(JoinRequest, 200, alice, "POST", `/api/join-requests/${request.id}/approve`);
    expect(approved).toMatchObject({ id: request.id, status: "approved", decidedById: alice.id });
    expect(await expectCall(JoinRequests, 200, alice, "GET", `/api/groups/${group.id}/join-requests`)).toEqual([]);
    expect(await expectCall(Groups, 200, bob, "GET", "/api/groups")).toMatchObject([{ id: group.id, role: "member" }]);
  });

  it("cancels a pending invitation when its user joins by an approved request", async () => {
    const alice = await signIn("alice");
    const bob = await signIn("bob");
    const group = await createGroup(alice);
    const request = await requestToJoin(bob, group.id);
    const invitation = await invite(alice, group.id, bob.id);
    await expectCall(JoinRequest, 200, alice, "POST", `/api/join-requests/${request.id}/approve`);
    expect(await expectCall(Invitations, 200, bob, "GET", "/api/invitations")).toEqual([]);
    expect(await call(bob, "POST", `/api/invitations/${invitation.id}/accept`)).toMatchObject({
      status: 409,
      body: { error: "the invitation is already cancelled" },
    });
  });

  it("shows role changes and removals in the member's own list of groups", async () => {
    const alice = await signIn("alice");
    const bob = await signIn("bob");
    const group = await createGroup(alice);
    await addMember(alice, group.id, bob, "admin");
    expect(await expectCall(Groups, 200, bob, "GET", "/api/groups")).toMatchObject([{ id: group.id, role: "admin" }]);

    const revoked = await expectCall(Group, 200, alice, "DELETE", `/api/groups/${group.id}/admins/${bob.id}`);
    expect(revoked.members.find((member) => member.userId === bob.id)?.role).toBe("member");
    expect(await expectCall(Groups, 200, bob, "GET", "/api/groups")).toMatchObject([{ id: group.id, role: "member" }]);

    const removed = await expectCall(Group, 200, alice, "DELETE", `/api/groups/${group.id}/members/${bob.id}`);
    expect(removed.members.map((member) => member.userId)).toEqual([alice.id]);
    expect(await expectCall(Groups, 200, bob, "GET", "/api/groups")).toEqual([]);
  });

  it("treats granting an admin's role or revoking a plain member's as a change to nothing", async () => {
    const alice = await signIn("alice");
    const bob = await signIn("bob");
    const group = await createGroup(alice);
    await addMember(alice, group.id, bob, "member");
    const before = await expectCall(Group, 200, alice, "GET", `/api/groups/${group.id}`);
    expect(await expectCall(Group, 200, alice, "PUT", `/api/groups/${group.id}/admins/${alice.id}`)).toEqual(before);
    expect(await expectCall(Group, 200, alice, "DELETE", `/api/groups/${group.id}/admins/${bob.id}`)).toEqual(before);
  });
});
