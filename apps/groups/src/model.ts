import { UserId } from "@repo/notifications";
import { z } from "zod";

/** What the groups API answers with (design §5.2); timestamps are milliseconds since the epoch. */

export const Role = z.enum(["admin", "member"]);
export type Role = z.infer<typeof Role>;

export const GroupName = z.string().trim().min(1).max(100);

export const Member = z.object({ userId: UserId, name: z.string(), role: Role, joinedAt: z.number().int() });
export type Member = z.infer<typeof Member>;

export const Group = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.number().int(),
  createdById: UserId,
  members: z.array(Member),
});
export type Group = z.infer<typeof Group>;

/** One entry of "my groups". */
export const GroupSummary = z.object({ id: z.string(), name: z.string(), role: Role, joinedAt: z.number().int() });
export type GroupSummary = z.infer<typeof GroupSummary>;

export const InvitationStatus = z.enum(["pending", "accepted", "declined", "cancelled"]);
export type InvitationStatus = z.infer<typeof InvitationStatus>;

export const Invitation = z.object({
  id: z.string(),
  groupId: z.string(),
  groupName: z.string(),
  userId: UserId,
  userName: z.string(),
  invitedById: UserId,
  invitedByName: z.string(),
  status: InvitationStatus,
  createdAt: z.number().int(),
  respondedAt: z.number().int().nullable(),
});
export type Invitation = z.infer<typeof Invitation>;

export const JoinRequestStatus = z.enum(["pending", "approved", "rejected", "cancelled"]);
export type JoinRequestStatus = z.infer<typeof JoinRequestStatus>;

export const JoinRequest = z.object({
  id: z.string(),
  groupId: z.string(),
  groupName: z.string(),
  userId: UserId,
  userName: z.string(),
  message: z.string().nullable(),
  status: JoinRequestStatus,
  createdAt: z.number().int(),
  decidedAt: z.number().int().nullable(),
  decidedById: UserId.nullable(),
  reason: z.string().nullable(),
});
export type JoinRequest = z.infer<typeof JoinRequest>;

/** The acting user, as the session names them. */
export const Actor = z.object({ id: UserId, name: z.string().min(1).max(200) });
export type Actor = z.infer<typeof Actor>;
