import { UserId } from "@repo/notifications";
import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../env";
import { limitAction } from "../http/rate-limit";
import { readBody, respond } from "../http/respond";
import { directoryOf, groupIdParam, groupObject, ownerOfParam, unknown } from "./objects";

const InviteBody = z.object({ userId: UserId });

/** `POST /api/groups/:groupId/invitations { userId }` (admins): 201 with the invitation. */
export async function invite(c: Context<AppEnv>) {
  const groupId = groupIdParam(c);
  if (groupId === null) return unknown(c, "group");
  const body = await readBody(c, InviteBody);
  if (!body.ok) return body.response;
  const limited = await limitAction(c, "invite");
  if (limited) return limited;
  return respond(c, await groupObject(c.env, groupId).invite(c.var.actor, body.value.userId), 201);
}

/** `GET /api/invitations`: my pending invitations. */
export async function listMyInvitations(c: Context<AppEnv>) {
  return c.json(await directoryOf(c.env, c.var.actor.id).listInvitations());
}

/** `POST /api/invitations/:invitationId/accept` (the invitee): the invitation, now accepted. */
export async function acceptInvitation(c: Context<AppEnv>) {
  const invitation = ownerOfParam(c, "invitationId");
  if (invitation === null) return unknown(c, "invitation");
  return respond(c, await groupObject(c.env, invitation.groupId).acceptInvitation(c.var.actor, invitation.id));
}

/** `POST /api/invitations/:invitationId/decline` (the invitee): the invitation, now declined. */
export async function declineInvitation(c: Context<AppEnv>) {
  const invitation = ownerOfParam(c, "invitationId");
  if (invitation === null) return unknown(c, "invitation");
  return respond(c, await groupObject(c.env, invitation.groupId).declineInvitation(c.var.actor, invitation.id));
}
