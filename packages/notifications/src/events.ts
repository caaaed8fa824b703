import { z } from "zod";

const id = z.string().min(1).max(200);
const name = z.string().min(1).max(200);

/**
 * One entry per event type: the schema of its `data` and whether it needs an
 * acknowledgment by default. Adding an event (a `discord.*` or
 * `eve.character.*` one, say) is adding one entry here; the union types, the
 * wire protocol and the RPC validation all derive from this object.
 */
export const eventDefinitions = {
  "group.invitation.received": {
    requiresAck: true,
    data: z.object({
      invitationId: id,
      groupId: id,
      groupName: name,
      inviterId: id,
      inviterName: name,
    }),
  },
  "group.invitation.accepted": {
    requiresAck: false,
    data: z.object({
      invitationId: id,
      groupId: id,
      groupName: name,
      userId: id,
      userName: name,
    }),
  },
  "group.member.joined": {
    requiresAck: false,
    data: z.object({
      groupId: id,
      groupName: name,
      userId: id,
      userName: name,
      via: z.enum(["invitation", "join_request"]),
    }),
  },
  "group.member.removed": {
    requiresAck: true,
    data: z.object({
      groupId: id,
      groupName: name,
      removedById: id,
      removedByName: name,
    }),
  },
  "group.admin.granted": {
    requiresAck: true,
    data: z.object({
      groupId: id,
      groupName: name,
      grantedById: id,
      grantedByName: name,
    }),
  },
  "group.admin.revoked": {
    requiresAck: true,
    data: z.object({
      groupId: id,
      groupName: name,
      revokedById: id,
      revokedByName: name,
    }),
  },
  "group.join_request.created": {
    requiresAck: false,
    data: z.object({
      requestId: id,
      groupId: id,
      groupName: name,
      userId: id,
      userName: name,
      message: z.string().max(2000).optional(),
    }),
  },
  "group.join_request.approved": {
    requiresAck: true,
    data: z.object({
      requestId: id,
      groupId: id,
      groupName: name,
      approvedById: id,
      approvedByName: name,
    }),
  },
  "group.join_request.rejected": {
    requiresAck: true,
    data: z.object({
      requestId: id,
      groupId: id,
      groupName: name,
      rejectedById: id,
      rejectedByName: name,
      reason: z.string().max(2000).optional(),
    }),
  },
  "system.announcement": {
    requiresAck: false,
    data: z.object({
      title: z.string().min(1).max(200),
      body: z.string().min(1).max(4000),
      severity: z.enum(["info", "warning", "critical"]),
      // A link the UI renders: javascript:, data: and other schemes never reach a browser.
      url: z.url({ protocol: /^https?$/, error: "the url must be an http: or https: URL" }).optional(),
    }),
  },
} as const;

type Definitions = typeof eventDefinitions;

export type EventType = keyof Definitions;
export const EventType = z.enum(Object.keys(eventDefinitions) as [EventType, ...EventType[]]);

export type EventData<T extends EventType> = z.infer<Definitions[T]["data"]>;

/** The discriminated union of every event: `{ type, data }` with `data` typed by `type`. */
export type NotificationEvent = {
  [T in EventType]: { type: T; data: EventData<T> };
}[EventType];

export function defaultRequiresAck(type: EventType): boolean {
  return eventDefinitions[type].requiresAck;
}

/**
 * A zod schema for `{ type, data, ...extra }` over every event, checking `data`
 * against the schema of `type`. The cast only names the output type that the
 * runtime schema built from `eventDefinitions` already enforces.
 */
export function eventUnion<Out>(extra: z.ZodRawShape): z.ZodType<Out> {
  const variants = (Object.keys(eventDefinitions) as EventType[]).map((type) =>
    z.object({ type: z.literal(type), data: eventDefinitions[type].data, ...extra }),
  );
  const [first, ...rest] = variants;
  if (!first) throw new Error("no event types defined");
  return z.discriminatedUnion("type", [first, ...rest]) as unknown as z.ZodType<Out>;
}
