import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../env";
import { limitAction } from "../http/rate-limit";
import { readBody, respond } from "../http/respond";
import { newGroupId } from "../ids";
import { GroupName } from "../model";
import { directoryOf, groupIdParam, groupObject, unknown } from "./objects";

const CreateGroupBody = z.object({ name: GroupName });

/** `POST /api/groups { name }`: 201 with the group; the creator is its first admin. */
export async function createGroup(c: Context<AppEnv>) {
  const body = await readBody(c, CreateGroupBody);
  if (!body.ok) return body.response;
  const limited = await limitAction(c, "create_group");
  if (limited) return limited;
  const groupId = newGroupId();
  return respond(c, await groupObject(c.env, groupId).createGroup(groupId, body.value.name, c.var.actor), 201);
}

/** `GET /api/groups`: the groups I belong to, each with my role. */
export async function listMyGroups(c: Context<AppEnv>) {
  return c.json(await directoryOf(c.env, c.var.actor.id).listGroups());
}

/** `GET /api/groups/:groupId`: the group with its members and their roles, for its members. */
export async function getGroup(c: Context<AppEnv>) {
  const groupId = groupIdParam(c);
  if (groupId === null) return unknown(c, "group");
  return respond(c, await groupObject(c.env, groupId).getGroup(c.var.actor));
}
