import { describe, expect, it } from "vitest";
import {
  mayDecideJoinRequest,
  mayGrantAdmin,
  mayInvite,
  mayRemoveMember,
  mayRequestToJoin,
  mayRespondToInvitation,
  mayRevokeAdmin,
  mayView,
} from "./rules";

describe("group rules", () => {
  it("lets only members see a group", () => {
    expect(mayView("member")).toBeNull();
    expect(mayView(null)?.status).toBe(403);
  });

  it("lets only admins invite, and never a member or someone already invited", () => {
    expect(mayInvite({ actorRole: "admin", inviteeRole: null, inviteePendingInvitation: false })).toBeNull();
    expect(mayInvite({ actorRole: "member", inviteeRole: null, inviteePendingInvitation: false })?.status).toBe(403);
    expect(mayInvite({ actorRole: null, inviteeRole: null, inviteePendingInvitation: false })?.status).toBe(403);
    expect(mayInvite({ actorRole: "admin", inviteeRole: "member", inviteePendingInvitation: false })?.status).toBe(409);
    expect(mayInvite({ actorRole: "admin", inviteeRole: null, inviteePendingInvitation: true })?.status).toBe(409);
  });

  it("lets only the invitee answer an invitation, and only while it is pending", () => {
    const invitation = { userId: "bob", status: "pending" };
    expect(mayRespondToInvitation({ actorId: "bob", invitation })).toBeNull();
    expect(mayRespondToInvitation({ actorId: "eve", invitation })?.status).toBe(403);
    expect(mayRespondToInvitation({ actorId: "bob", invitation: { ...invitation, status: "accepted" } })?.status).toBe(
      409,
    );
  });

  it("refuses a join request from a member or from someone whose request is pending", () => {
    expect(mayRequestToJoin({ actorRole: null, pendingRequest: false })).toBeNull();
    expect(mayRequestToJoin({ actorRole: "member", pendingRequest: false })?.status).toBe(409);
    expect(mayRequestToJoin({ actorRole: null, pendingRequest: true })?.status).toBe(409);
  });

  it("lets only admins decide a join request, and only while it is pending", () => {
    const request = { userId: "bob", status: "pending" };
    expect(mayDecideJoinRequest({ actorRole: "admin", request })).toBeNull();
    expect(mayDecideJoinRequest({ actorRole: "member", request })?.status).toBe(403);
    expect(mayDecideJoinRequest({ actorRole: "admin", request: { ...request, status: "rejected" } })?.status).toBe(409);
  });

  it("keeps at least one admin: removing or revoking the last admin is a conflict", () => {
    expect(mayRemoveMember({ actorRole: "admin", targetRole: "admin", adminCount: 1 })?.status).toBe(409);
    expect(mayRevokeAdmin({ actorRole: "admin", targetRole: "admin", adminCount: 1 })?.status).toBe(409);
    expect(mayRemoveMember({ actorRole: "admin", targetRole: "admin", adminCount: 2 })).toBeNull();
    expect(mayRevokeAdmin({ actorRole: "admin", targetRole: "admin", adminCount: 2 })).toBeNull();
    expect(mayRemoveMember({ actorRole: "admin", targetRole: "member", adminCount: 1 })).toBeNull();
  });

  it("lets only admins remove members and change admins, and only for members", () => {
    expect(mayRemoveMember({ actorRole: "member", targetRole: "member", adminCount: 1 })?.status).toBe(403);
    expect(mayRemoveMember({ actorRole: "admin", targetRole: null, adminCount: 1 })?.status).toBe(404);
    expect(mayGrantAdmin({ actorRole: "member", targetRole: "member" })?.status).toBe(403);
    expect(mayGrantAdmin({ actorRole: "admin", targetRole: null })?.status).toBe(404);
    expect(mayGrantAdmin({ actorRole: "admin", targetRole: "member" })).toBeNull();
    expect(mayRevokeAdmin({ actorRole: "member", targetRole: "admin", adminCount: 2 })?.status).toBe(403);
  });
});
