import type { Context } from "hono";
import type { AppEnv } from "../env";
import { respond } from "../http/respond";
import { groupIdParam, groupObject, unknown, userIdParam } from "./objects";

type MemberChange = "removeMember" | "grantAdmin" | "revokeAdmin";

function changeMember(change: MemberChange) {
  return async (c: Context<AppEnv>) => {
    const groupId = groupIdParam(c);
    if (groupId === null) return unknown(c, "group");
    const userId = userIdParam(c);
    if (userId === null) return c.json({ error: "the user is not a member" }, 404);
    return respond(c, await groupObject(c.env, groupId)[change](c.var.actor, userId));
  };
}

/** `DELETE /api/groups/:groupId/members/:userId` (admins): the group without that member. */
export const removeMember = changeMember("removeMember");
/** `PUT /api/groups/:groupId/admins/:userId` (admins): the group, with that member an admin. */
export const grantAdmin = changeMember("grantAdmin");
/** `DELETE /api/groups/:groupId/admins/:userId` (admins): the group, with that admin a plain member. */
export const revokeAdmin = changeMember("revokeAdmin");
