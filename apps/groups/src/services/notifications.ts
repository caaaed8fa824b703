import type { NotificationEvent, PublishInput } from "@repo/notifications";

/** The queries on a group's data that notifications need; the group object's store answers them from SQLite. */
export interface GroupData {
  nameOf(userId: string): string | null;
  adminIds(): string[];
}

export interface GroupRef {
  id: string;
  name: string;
}

/** One notification owed to one user: what goes into the outbox. */
export interface Outgoing {
  recipientId: string;
  input: PublishInput & { dedupeKey: string };
}

/**
 * Builds the group events of design §3 for exactly the recipients §3 names,
 * leaving out the user who acted.
 *
 * Each carries a dedupe key made of the event type and the thing that caused
 * it (the invitation, the join request, or the membership change), so that a
 * delivery retried after a timeout still yields one notification. The
 * notifications object keeps dedupe keys per recipient, so the key need not
 * name the recipient.
 */
export class NotificationService {
  constructor(private readonly data: GroupData) {}

  /** The display name the group knows for `userId`, or the id itself for someone who has never acted in it. */
  getUserInfo(userId: string): { id: string; name: string } {
    return { id: userId, name: this.data.nameOf(userId) ?? userId };
  }

  getGroupAdminUserIds(): string[] {
    return this.data.adminIds();
  }

  invitationReceived(group: GroupRef, invitation: { id: string; userId: string }, actorId: string): Outgoing[] {
    const inviter = this.getUserInfo(actorId);
    return this.to([invitation.userId], actorId, invitation.id, {
      type: "group.invitation.received",
      data: {
        invitationId: invitation.id,
        groupId: group.id,
        groupName: group.name,
        inviterId: inviter.id,
        inviterName: inviter.name,
      },
    });
  }

  invitationAccepted(group: GroupRef, invitationId: string, actorId: string): Outgoing[] {
    const user = this.getUserInfo(actorId);
    return this.to(this.getGroupAdminUserIds(), actorId, invitationId, {
      type: "group.invitation.accepted",
      data: { invitationId, groupId: group.id, groupName: group.name, userId: user.id, userName: user.name },
    });
  }

  /** `causeId` is the accepted invitation or the approved join request. */
  memberJoined(
    group: GroupRef,
    joined: { userId: string; via: "invitation" | "join_request"; causeId: string },
    actorId: string,
  ): Outgoing[] {
    const user = this.getUserInfo(joined.userId);
    return this.to(this.getGroupAdminUserIds(), actorId, joined.causeId, {
      type: "group.member.joined",
      data: { groupId: group.id, groupName: group.name, userId: user.id, userName: user.name, via: joined.via },
    });
  }

  /** `changeId` names this one removal: the same user can be removed again after rejoining. */
  memberRemoved(group: GroupRef, userId: string, changeId: string, actorId: string): Outgoing[] {
    const by = this.getUserInfo(actorId);
    return this.to([userId], actorId, changeId, {
      type: "group.member.removed",
      data: { groupId: group.id, groupName: group.name, removedById: by.id, removedByName: by.name },
    });
  }

  adminGranted(group: GroupRef, userId: string, changeId: string, actorId: string): Outgoing[] {
    const by = this.getUserInfo(actorId);
    return this.to([userId], actorId, changeId, {
      type: "group.admin.granted",
      data: { groupId: group.id, groupName: group.name, grantedById: by.id, grantedByName: by.name },
    });
  }

  adminRevoked(group: GroupRef, userId: string, changeId: string, actorId: string): Outgoing[] {
    const by = this.getUserInfo(actorId);
    return this.to([userId], actorId, changeId, {
      type: "group.admin.revoked",
      data: { groupId: group.id, groupName: group.name, revokedById: by.id, revokedByName: by.name },
    });
  }

  joinRequestCreated(
    group: GroupRef,
    request: { id: string; userId: string; message: string | null },
    actorId: string,
  ): Outgoing[] {
    const user = this.getUserInfo(request.userId);
    return this.to(this.getGroupAdminUserIds(), actorId, request.id, {
      type: "group.join_request.created",
      data: {
        requestId: request.id,
        groupId: group.id,
        groupName: group.name,
        userId: user.id,
        userName: user.name,
        ...(request.message === null ? {} : { message: request.message }),
      },
    });
  }

  joinRequestApproved(group: GroupRef, request: { id: string; userId: string }, actorId: string): Outgoing[] {
    const by = this.getUserInfo(actorId);
    return this.to([request.userId], actorId, request.id, {
      type: "group.join_request.approved",
      data: {
        requestId: request.id,
        groupId: group.id,
        groupName: group.name,
        approvedById: by.id,
        approvedByName: by.name,
      },
    });
  }

  joinRequestRejected(
    group: GroupRef,
    request: { id: string; userId: string; reason: string | null },
    actorId: string,
  ): Outgoing[] {
    const by = this.getUserInfo(actorId);
    return this.to([request.userId], actorId, request.id, {
      type: "group.join_request.rejected",
      data: {
        requestId: request.id,
        groupId: group.id,
        groupName: group.name,
        rejectedById: by.id,
        rejectedByName: by.name,
        ...(request.reason === null ? {} : { reason: request.reason }),
      },
    });
  }

  private to(recipients: string[], actorId: string, causeId: string, event: NotificationEvent): Outgoing[] {
    const input = { ...event, dedupeKey: `${event.type}:${causeId}` };
    return [...new Set(recipients)]
      .filter((recipientId) => recipientId !== actorId)
      .map((recipientId) => ({ recipientId, input }));
  }
}
