import type { Role } from "../model";
import { conflict, forbidden, notFound, type Refusal } from "./result";

/**
 * The rules of the groups API as plain functions of the facts they need.
 * Each answers the refusal, or null when the action is allowed. The order of
 * the checks is the order of the statuses: not allowed (403), then an
 * unknown member (404), then a conflicting state (409). Unknown groups,
 * invitations and join requests are answered before any rule is asked.
 */

type Pending = { status: string; userId: string };

export function mayView(actorRole: Role | null): Refusal | null {
  return actorRole === null ? forbidden("only members can see a group") : null;
}

export function mayActAsAdmin(actorRole: Role | null): Refusal | null {
  return actorRole === "admin" ? null : forbidden("only the group's admins can do this");
}

export function mayInvite(facts: {
  actorRole: Role | null;
  inviteeRole: Role | null;
  inviteePendingInvitation: boolean;
}): Refusal | null {
  return (
    mayActAsAdmin(facts.actorRole) ??
    (facts.inviteeRole !== null ? conflict("the user is already a member") : null) ??
    (facts.inviteePendingInvitation ? conflict("the user already has a pending invitation") : null)
  );
}

export function mayRespondToInvitation(facts: { actorId: string; invitation: Pending }): Refusal | null {
  const { invitation } = facts;
  if (invitation.userId !== facts.actorId) return forbidden("only the invitee can answer an invitation");
  if (invitation.status !== "pending") return conflict(`the invitation is already ${invitation.status}`);
  return null;
}

export function mayRequestToJoin(facts: { actorRole: Role | null; pendingRequest: boolean }): Refusal | null {
  if (facts.actorRole !== null) return conflict("you are already a member");
  if (facts.pendingRequest) return conflict("you already have a pending join request");
  return null;
}

export function mayDecideJoinRequest(facts: { actorRole: Role | null; request: Pending }): Refusal | null {
  return (
    mayActAsAdmin(facts.actorRole) ??
    (facts.request.status !== "pending" ? conflict(`the join request is already ${facts.request.status}`) : null)
  );
}

export function mayRemoveMember(facts: {
  actorRole: Role | null;
  targetRole: Role | null;
  adminCount: number;
}): Refusal | null {
  return (
    mayActAsAdmin(facts.actorRole) ??
    (facts.targetRole === null ? notFound("the user is not a member") : null) ??
    (facts.targetRole === "admin" && facts.adminCount <= 1 ? conflict("a group keeps at least one admin") : null)
  );
}

export function mayGrantAdmin(facts: { actorRole: Role | null; targetRole: Role | null }): Refusal | null {
  return mayActAsAdmin(facts.actorRole) ?? (facts.targetRole === null ? notFound("the user is not a member") : null);
}

/** Revoking is refused exactly when removing would be: it can take away the last admin. Revoking a plain member's admin role changes nothing. */
export function mayRevokeAdmin(facts: {
  actorRole: Role | null;
  targetRole: Role | null;
  adminCount: number;
}): Refusal | null {
  return mayRemoveMember(facts);
}
