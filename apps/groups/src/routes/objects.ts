import { UserId } from "@repo/notifications";
import type { Context } from "hono";
import type { AppEnv } from "../env";
import { param } from "../http/respond";
import { GroupId, groupIdOf } from "../ids";

export function groupObject(env: Env, groupId: string) {
  return env.GROUPS.getByName(groupId);
}

export function directoryOf(env: Env, userId: string) {
  return env.USER_DIRECTORY.getByName(userId);
}

/** The `:groupId` of the route, or null when it cannot name a group (answered as an unknown group). */
export function groupIdParam(c: Context<AppEnv>): string | null {
  const parsed = GroupId.safeParse(param(c, "groupId"));
  return parsed.success ? parsed.data : null;
}

/** The `:userId` of the route, or null when it cannot name a user (answered as "not a member"). */
export function userIdParam(c: Context<AppEnv>): string | null {
  const parsed = UserId.safeParse(param(c, "userId"));
  return parsed.success ? parsed.data : null;
}

/** The group that owns the invitation or join request in the route's `name` parameter, or null for an id that is not ours. */
export function ownerOfParam(c: Context<AppEnv>, name: string): { id: string; groupId: string } | null {
  const id = param(c, name);
  const groupId = groupIdOf(id);
  return groupId === null ? null : { id, groupId };
}

export const unknown = (c: Context<AppEnv>, what: string) => c.json({ error: `unknown ${what}` }, 404);
