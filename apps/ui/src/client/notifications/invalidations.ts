import type { EventData, EventType, NotificationEvent } from "@repo/notifications/client";
import { queryKeys } from "../api/query-keys";

type QueryKey = readonly unknown[];

/** Which cached server state each event makes stale; typed by event so a new type must say. */
const staleAfter: { [T in EventType]: (data: EventData<T>) => QueryKey[] } = {
  "group.invitation.received": () => [queryKeys.myInvitations],
  "group.invitation.accepted": (d) => [queryKeys.group(d.groupId)],
  "group.member.joined": (d) => [queryKeys.myGroups, queryKeys.group(d.groupId)],
  "group.member.removed": (d) => [queryKeys.myGroups, queryKeys.group(d.groupId)],
  "group.admin.granted": (d) => [queryKeys.myGroups, queryKeys.group(d.groupId)],
  "group.admin.revoked": (d) => [queryKeys.myGroups, queryKeys.group(d.groupId)],
  "group.join_request.created": (d) => [queryKeys.joinRequests(d.groupId)],
  "group.join_request.approved": (d) => [queryKeys.myGroups, queryKeys.group(d.groupId)],
  "group.join_request.rejected": () => [],
  "system.announcement": () => [],
};

/** The query keys to refetch after `event`. */
export function queriesChangedBy(event: NotificationEvent): QueryKey[] {
  return keysFor(event);
}

function keysFor<T extends EventType>(event: { type: T; data: EventData<T> }): QueryKey[] {
  return staleAfter[event.type](event.data);
}
