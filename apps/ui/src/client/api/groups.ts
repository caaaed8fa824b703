import { z } from "zod";
import { requestJson } from "./http";

// The groups API of design §5.2. Only the fields this UI shows are required;
// anything else the groups worker adds is ignored.

export const Role = z.enum(["admin", "member"]);
export type Role = z.infer<typeof Role>;

export const Group = z.object({ id: z.string(), name: z.string() });
export type Group = z.infer<typeof Group>;

export const MyGroup = Group.extend({ role: Role });
export type MyGroup = z.infer<typeof MyGroup>;

export const Member = z.object({
  userId: z.string(),
  role: Role,
  name: z.string().optional(),
  userName: z.string().optional(),
});
export type Member = z.infer<typeof Member>;

export const GroupDetails = Group.extend({ members: z.array(Member) });
export type GroupDetails = z.infer<typeof GroupDetails>;

export const Invitation = z.object({
  id: z.string(),
  groupId: z.string(),
  userId: z.string(),
  status: z.string(),
  groupName: z.string().optional(),
  inviterId: z.string().optional(),
  inviterName: z.string().optional(),
});
export type Invitation = z.infer<typeof Invitation>;

export const JoinRequest = z.object({
  id: z.string(),
  groupId: z.string(),
  userId: z.string(),
  status: z.string(),
  userName: z.string().optional(),
  message: z.string().nullish(),
});
export type JoinRequest = z.infer<typeof JoinRequest>;

const at = (...segments: string[]) => `/api/${segments.map(encodeURIComponent).join("/")}`;

export const listMyGroups = () => requestJson(z.array(MyGroup), at("groups"));
export const createGroup = (name: string) => requestJson(Group, at("groups"), { method: "POST", body: { name } });
export const getGroup = (groupId: string) => requestJson(GroupDetails, at("groups", groupId));

export const inviteToGroup = ({ groupId, userId }: { groupId: string; userId: string }) =>
  requestJson(Invitation, at("groups", groupId, "invitations"), { method: "POST", body: { userId } });
export const listMyInvitations = () => requestJson(z.array(Invitation), at("invitations"));
export const acceptInvitation = (invitationId: string) =>
  requestJson(Invitation, at("invitations", invitationId, "accept"), { method: "POST" });
export const declineInvitation = (invitationId: string) =>
  requestJson(Invitation, at("invitations", invitationId, "decline"), { method: "POST" });

export const requestToJoin = ({ groupId, message }: { groupId: string; message?: string }) =>
  requestJson(JoinRequest, at("groups", groupId, "join-requests"), {
    method: "POST",
    body: message ? { message } : {},
  });
export const listJoinRequests = (groupId: string) =>
  requestJson(z.array(JoinRequest), at("groups", groupId, "join-requests"));
export const approveJoinRequest = (requestId: string) =>
  requestJson(JoinRequest, at("join-requests", requestId, "approve"), { method: "POST" });
export const rejectJoinRequest = ({ requestId, reason }: { requestId: string; reason?: string }) =>
  requestJson(JoinRequest, at("join-requests", requestId, "reject"), {
    method: "POST",
    body: reason ? { reason } : {},
  });

type MemberAction = { groupId: string; userId: string };
export const removeMember = ({ groupId, userId }: MemberAction) =>
  requestJson(Group, at("groups", groupId, "members", userId), { method: "DELETE" });
export const grantAdmin = ({ groupId, userId }: MemberAction) =>
  requestJson(Group, at("groups", groupId, "admins", userId), { method: "PUT" });
export const revokeAdmin = ({ groupId, userId }: MemberAction) =>
  requestJson(Group, at("groups", groupId, "admins", userId), { method: "DELETE" });

/** What to call a member: the name the groups worker knows, else the user id. */
export function memberName(member: Member): string {
  return member.userName ?? member.name ?? member.userId;
}
