import { z } from "zod";
import { Invitation, Role } from "../model";

/**
 * What a user's directory keeps about one group: the user's membership and
 * pending invitation there, as the group object last saw them. The group
 * sends the whole relation each time it changes, so applying one is
 * idempotent, and a version (the group's outbox entry id) lets a late,
 * older relation lose against a newer one.
 */
export const Relation = z.object({
  groupId: z.string(),
  groupName: z.string(),
  membership: z.object({ role: Role, joinedAt: z.number().int() }).nullable(),
  invitation: Invitation.nullable(),
});
export type Relation = z.infer<typeof Relation>;
