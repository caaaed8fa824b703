import type { EventData, EventType, NotificationEvent } from "@repo/notifications/client";

export type Tone = "info" | "success" | "warning" | "error";

export interface Wording {
  title: string;
  description?: string;
  tone: Tone;
}

/** One entry per event type: a new type in packages/notifications fails to compile here until it is worded. */
const wordings: { [T in EventType]: (data: EventData<T>) => Wording } = {
  "group.invitation.received": (d) => ({ title: `${d.inviterName} invited you to ${d.groupName}`, tone: "info" }),
  "group.invitation.accepted": (d) => ({
    title: `${d.userName} accepted the invitation to ${d.groupName}`,
    tone: "success",
  }),
  "group.member.joined": (d) => ({
    title: `${d.userName} joined ${d.groupName}`,
    description: d.via === "invitation" ? "by invitation" : "after a join request",
    tone: "success",
  }),
  "group.member.removed": (d) => ({ title: `${d.removedByName} removed you from ${d.groupName}`, tone: "warning" }),
  "group.admin.granted": (d) => ({ title: `${d.grantedByName} made you an admin of ${d.groupName}`, tone: "success" }),
  "group.admin.revoked": (d) => ({
    title: `${d.revokedByName} removed your admin role in ${d.groupName}`,
    tone: "warning",
  }),
  "group.join_request.created": (d) => ({
    title: `${d.userName} asked to join ${d.groupName}`,
    description: d.message ? `“${d.message}”` : undefined,
    tone: "info",
  }),
  "group.join_request.approved": (d) => ({
    title: `${d.approvedByName} approved your request to join ${d.groupName}`,
    tone: "success",
  }),
  "group.join_request.rejected": (d) => ({
    title: `${d.rejectedByName} declined your request to join ${d.groupName}`,
    description: d.reason ? `Reason: ${d.reason}` : undefined,
    tone: "warning",
  }),
  "system.announcement": (d) => ({
    title: d.title,
    description: d.body,
    tone: d.severity === "critical" ? "error" : d.severity === "warning" ? "warning" : "info",
  }),
};

/** How a notification reads to a person, in a toast and in the notification centre. */
export function describeEvent(event: NotificationEvent): Wording {
  return word(event);
}

function word<T extends EventType>(event: { type: T; data: EventData<T> }): Wording {
  return wordings[event.type](event.data);
}

/** What each event type is, as a preferences page names it. */
export const eventTypeLabels: { [T in EventType]: string } = {
  "group.invitation.received": "Someone invites you to a group",
  "group.invitation.accepted": "Someone accepts an invitation to a group you run",
  "group.member.joined": "Someone joins a group you run",
  "group.member.removed": "You are removed from a group",
  "group.admin.granted": "You are made an admin of a group",
  "group.admin.revoked": "Your admin role in a group is removed",
  "group.join_request.created": "Someone asks to join a group you run",
  "group.join_request.approved": "Your request to join a group is approved",
  "group.join_request.rejected": "Your request to join a group is declined",
  "system.announcement": "Announcements from the operators (critical ones always arrive)",
};
