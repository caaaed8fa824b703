import { newChildId } from "../ids";
import type { Actor, Group, Invitation, JoinRequest } from "../model";
import type { OutboxStore } from "../outbox/outbox-store";
import { NotificationService, type Outgoing } from "../services/notifications";
import type { GroupRow, GroupStore } from "./group-store";
import { conflict, notFound, ok, type Refusal, type Result } from "./result";
import {
  mayActAsAdmin,
  mayDecideJoinRequest,
  mayGrantAdmin,
  mayInvite,
  mayRemoveMember,
  mayRequestToJoin,
  mayRespondToInvitation,
  mayRevokeAdmin,
  mayView,
} from "./rules";

const UNKNOWN_GROUP = "unknown group";

/**
 * The group flows: check the rules, change the state, and put what the change
 * owes others (notifications, directory updates) into the outbox. Each method
 * must run inside one storage transaction, so all of it commits or none; a
 * refused action writes nothing.
 */
export class GroupFlows {
  private readonly notifications: NotificationService;

  constructor(
    private readonly store: GroupStore,
    private readonly outbox: OutboxStore,
    private readonly now: () => number,
  ) {
    this.notifications = new NotificationService(store);
  }

  create(groupId: string, name: string, actor: Actor): Result<Group> {
    if (this.store.group()) return conflict("the group already exists");
    const group: GroupRow = { id: groupId, name, createdAt: this.now(), createdById: actor.id };
    this.store.createGroup(group);
    this.store.rememberName(actor.id, actor.name);
    this.store.addMember(actor.id, "admin", group.createdAt);
    this.updateDirectoryOf(group, actor.id);
    return ok(this.store.groupView(group));
  }

  view(actor: Actor): Result<Group> {
    const group = this.store.group();
    if (!group) return notFound(UNKNOWN_GROUP);
    return this.refusedOr(mayView(this.store.roleOf(actor.id)), () => this.store.groupView(group));
  }

  invite(actor: Actor, userId: string): Result<Invitation> {
    const group = this.store.group();
    if (!group) return notFound(UNKNOWN_GROUP);
    const refusal = mayInvite({
      actorRole: this.store.roleOf(actor.id),
      inviteeRole: this.store.roleOf(userId),
      inviteePendingInvitation: this.store.pendingInvitationOf(userId) !== null,
    });
    return this.refusedOr(refusal, () => {
      this.store.rememberName(actor.id, actor.name);
      const invitation = {
        id: newChildId(group.id),
        userId,
        invitedById: actor.id,
        status: "pending" as const,
        createdAt: this.now(),
        respondedAt: null,
      };
      this.store.addInvitation(invitation);
      this.publish(this.notifications.invitationReceived(group, invitation, actor.id));
      this.updateDirectoryOf(group, userId);
      return this.store.invitationView(group, invitation);
    });
  }

  acceptInvitation(actor: Actor, invitationId: string): Result<Invitation> {
    const group = this.store.group();
    if (!group) return notFound("unknown invitation");
    const invitation = this.store.invitation(invitationId);
    if (!invitation) return notFound("unknown invitation");
    return this.refusedOr(mayRespondToInvitation({ actorId: actor.id, invitation }), () => {
      const at = this.now();
      this.store.rememberName(actor.id, actor.name);
      this.store.setInvitationStatus(invitationId, "accepted", at);
      this.join(group, actor.id, at);
      this.publish([
        ...this.notifications.invitationAccepted(group, invitationId, actor.id),
        ...this.notifications.memberJoined(
          group,
          { userId: actor.id, via: "invitation", causeId: invitationId },
          actor.id,
        ),
      ]);
      return this.invitationViewOf(group, invitationId);
    });
  }

  declineInvitation(actor: Actor, invitationId: string): Result<Invitation> {
    const group = this.store.group();
    if (!group) return notFound("unknown invitation");
    const invitation = this.store.invitation(invitationId);
    if (!invitation) return notFound("unknown invitation");
    return this.refusedOr(mayRespondToInvitation({ actorId: actor.id, invitation }), () => {
      this.store.rememberName(actor.id, actor.name);
      this.store.setInvitationStatus(invitationId, "declined", this.now());
      this.updateDirectoryOf(group, actor.id);
      return this.invitationViewOf(group, invitationId);
    });
  }

  requestToJoin(actor: Actor, message: string | null): Result<JoinRequest> {
    const group = this.store.group();
    if (!group) return notFound(UNKNOWN_GROUP);
    const refusal = mayRequestToJoin({
      actorRole: this.store.roleOf(actor.id),
      pendingRequest: this.store.pendingJoinRequestOf(actor.id) !== null,
    });
    return this.refusedOr(refusal, () => {
      this.store.rememberName(actor.id, actor.name);
      const request = {
        id: newChildId(group.id),
        userId: actor.id,
        message,
        status: "pending" as const,
        createdAt: this.now(),
        decidedAt: null,
        decidedById: null,
        reason: null,
      };
      this.store.addJoinRequest(request);
      this.publish(this.notifications.joinRequestCreated(group, request, actor.id));
      return this.store.joinRequestView(group, request);
    });
  }

  pendingJoinRequests(actor: Actor): Result<JoinRequest[]> {
    const group = this.store.group();
    if (!group) return notFound(UNKNOWN_GROUP);
    return this.refusedOr(mayActAsAdmin(this.store.roleOf(actor.id)), () =>
      this.store.pendingJoinRequests().map((row) => this.store.joinRequestView(group, row)),
    );
  }

  approveJoinRequest(actor: Actor, requestId: string): Result<JoinRequest> {
    const group = this.store.group();
    if (!group) return notFound("unknown join request");
    const request = this.store.joinRequest(requestId);
    if (!request) return notFound("unknown join request");
    return this.refusedOr(mayDecideJoinRequest({ actorRole: this.store.roleOf(actor.id), request }), () => {
      const requesterId = request.userId;
      const at = this.now();
      this.store.rememberName(actor.id, actor.name);
      this.store.decideJoinRequest(requestId, { status: "approved", at, byId: actor.id, reason: null });
      this.join(group, requesterId, at);
      this.publish([
        ...this.notifications.joinRequestApproved(group, { id: requestId, userId: requesterId }, actor.id),
        ...this.notifications.memberJoined(
          group,
          { userId: requesterId, via: "join_request", causeId: requestId },
          actor.id,
        ),
      ]);
      return this.joinRequestViewOf(group, requestId);
    });
  }

  rejectJoinRequest(actor: Actor, requestId: string, reason: string | null): Result<JoinRequest> {
    const group = this.store.group();
    if (!group) return notFound("unknown join request");
    const request = this.store.joinRequest(requestId);
    if (!request) return notFound("unknown join request");
    return this.refusedOr(mayDecideJoinRequest({ actorRole: this.store.roleOf(actor.id), request }), () => {
      const requesterId = request.userId;
      this.store.rememberName(actor.id, actor.name);
      this.store.decideJoinRequest(requestId, { status: "rejected", at: this.now(), byId: actor.id, reason });
      this.publish(
        this.notifications.joinRequestRejected(group, { id: requestId, userId: requesterId, reason }, actor.id),
      );
      return this.joinRequestViewOf(group, requestId);
    });
  }

  removeMember(actor: Actor, userId: string): Result<Group> {
    const group = this.store.group();
    if (!group) return notFound(UNKNOWN_GROUP);
    const refusal = mayRemoveMember({
      actorRole: this.store.roleOf(actor.id),
      targetRole: this.store.roleOf(userId),
      adminCount: this.store.adminIds().length,
    });
    return this.refusedOr(refusal, () => {
      this.store.rememberName(actor.id, actor.name);
      this.store.removeMember(userId);
      this.publish(this.notifications.memberRemoved(group, userId, crypto.randomUUID(), actor.id));
      this.updateDirectoryOf(group, userId);
      return this.store.groupView(group);
    });
  }

  grantAdmin(actor: Actor, userId: string): Result<Group> {
    const group = this.store.group();
    if (!group) return notFound(UNKNOWN_GROUP);
    const targetRole = this.store.roleOf(userId);
    const refusal = mayGrantAdmin({ actorRole: this.store.roleOf(actor.id), targetRole });
    return this.refusedOr(refusal, () => {
      // Granting the role to an admin changes nothing and tells nobody anything.
      if (targetRole === "admin") return this.store.groupView(group);
      this.store.rememberName(actor.id, actor.name);
      this.store.setRole(userId, "admin");
      this.publish(this.notifications.adminGranted(group, userId, crypto.randomUUID(), actor.id));
      this.updateDirectoryOf(group, userId);
      return this.store.groupView(group);
    });
  }

  revokeAdmin(actor: Actor, userId: string): Result<Group> {
    const group = this.store.group();
    if (!group) return notFound(UNKNOWN_GROUP);
    const targetRole = this.store.roleOf(userId);
    const refusal = mayRevokeAdmin({
      actorRole: this.store.roleOf(actor.id),
      targetRole,
      adminCount: this.store.adminIds().length,
    });
    return this.refusedOr(refusal, () => {
      if (targetRole === "member") return this.store.groupView(group);
      this.store.rememberName(actor.id, actor.name);
      this.store.setRole(userId, "member");
      this.publish(this.notifications.adminRevoked(group, userId, crypto.randomUUID(), actor.id));
      this.updateDirectoryOf(group, userId);
      return this.store.groupView(group);
    });
  }

  /**
   * Makes `userId` a member. Whatever else they had pending here (an
   * invitation while they asked to join, or the reverse) has no purpose
   * any more and is cancelled.
   */
  private join(group: GroupRow, userId: string, at: number): void {
    this.store.addMember(userId, "member", at);
    const invitation = this.store.pendingInvitationOf(userId);
    if (invitation) this.store.setInvitationStatus(invitation.id, "cancelled", at);
    const request = this.store.pendingJoinRequestOf(userId);
    if (request) this.store.decideJoinRequest(request.id, { status: "cancelled", at, byId: null, reason: null });
    this.updateDirectoryOf(group, userId);
  }

  private publish(outgoing: Outgoing[]): void {
    const now = this.now();
    for (const { recipientId, input } of outgoing) this.outbox.add({ kind: "notification", recipientId, input }, now);
  }

  /** Queues the user's whole relation to this group for their directory. */
  private updateDirectoryOf(group: GroupRow, userId: string): void {
    const pending = this.store.pendingInvitationOf(userId);
    this.outbox.add(
      {
        kind: "directory",
        recipientId: userId,
        relation: {
          groupId: group.id,
          groupName: group.name,
          membership: this.store.membership(userId),
          invitation: pending ? this.store.invitationView(group, pending) : null,
        },
      },
      this.now(),
    );
  }

  private invitationViewOf(group: GroupRow, id: string): Invitation {
    const row = this.store.invitation(id);
    if (!row) throw new Error(`invitation ${id} vanished inside its own transaction`);
    return this.store.invitationView(group, row);
  }

  private joinRequestViewOf(group: GroupRow, id: string): JoinRequest {
    const row = this.store.joinRequest(id);
    if (!row) throw new Error(`join request ${id} vanished inside its own transaction`);
    return this.store.joinRequestView(group, row);
  }

  private refusedOr<T>(refusal: Refusal | null, run: () => T): Result<T> {
    return refusal ?? ok(run());
  }
}
