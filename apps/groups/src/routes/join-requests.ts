import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../env";
import { limitAction } from "../http/rate-limit";
import { readBody, respond } from "../http/respond";
import { groupIdParam, groupObject, ownerOfParam, unknown } from "./objects";

const JoinRequestBody = z.object({ message: z.string().trim().min(1).max(2000).optional() });
const RejectBody = z.object({ reason: z.string().trim().min(1).max(2000).optional() });

/** `POST /api/groups/:groupId/join-requests { message? }` (non-members): 201 with the join request. */
export async function requestToJoin(c: Context<AppEnv>) {
  const groupId = groupIdParam(c);
  if (groupId === null) return unknown(c, "group");
  const body = await readBody(c, JoinRequestBody);
  if (!body.ok) return body.response;
  const limited = await limitAction(c, "request_to_join");
  if (limited) return limited;
  return respond(c, await groupObject(c.env, groupId).requestToJoin(c.var.actor, body.value.message ?? null), 201);
}

/** `GET /api/groups/:groupId/join-requests` (admins): the pending requests. */
export async function listJoinRequests(c: Context<AppEnv>) {
  const groupId = groupIdParam(c);
  if (groupId === null) return unknown(c, "group");
  return respond(c, await groupObject(c.env, groupId).listJoinRequests(c.var.actor));
}

/** `POST /api/join-requests/:requestId/approve` (admins): the request, now approved; the requester is a member. */
export async function approveJoinRequest(c: Context<AppEnv>) {
  const request = ownerOfParam(c, "requestId");
  if (request === null) return unknown(c, "join request");
  return respond(c, await groupObject(c.env, request.groupId).approveJoinRequest(c.var.actor, request.id));
}

/** `POST /api/join-requests/:requestId/reject { reason? }` (admins): the request, now rejected. */
export async function rejectJoinRequest(c: Context<AppEnv>) {
  const request = ownerOfParam(c, "requestId");
  if (request === null) return unknown(c, "join request");
  const body = await readBody(c, RejectBody);
  if (!body.ok) return body.response;
  return respond(
    c,
    await groupObject(c.env, request.groupId).rejectJoinRequest(c.var.actor, request.id, body.value.reason ?? null),
  );
}
