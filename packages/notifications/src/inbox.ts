import { z } from "zod";
import { EventType, eventUnion, type NotificationEvent } from "./events.ts";
import type { NotificationFrame } from "./protocol.ts";

/** §5.0: one stored notification as `GET /api/notifications` lists it. */
export type HistoryItem = NotificationFrame & { status: string; readAt: number | null };
export const HistoryItem = eventUnion<HistoryItem>({
  id: z.uuid(),
  seq: z.number().int().positive(),
  timestamp: z.number().int().nonnegative(),
  requiresAck: z.boolean(),
  status: z.string().min(1),
  readAt: z.number().int().nonnegative().nullable(),
});

/**
 * §5.0: a page of history, newest first. Items stay unknown here so one item a
 * client cannot read (an event type newer than the client) does not lose the page.
 */
export const HistoryPage = z.object({
  items: z.array(z.unknown()),
  unread: z.number().int().nonnegative(),
  nextBefore: z.number().int().nonnegative().nullable(),
});
export type HistoryPage = z.infer<typeof HistoryPage>;

export const HISTORY_MAX_LIMIT = 100;

/** §5.0: the body of `POST /api/notifications/read`. */
export const ReadRequest = z.union([
  z.object({ ids: z.array(z.string().min(1).max(100)).min(1).max(500) }),
  z.object({ upToSeq: z.number().int().nonnegative() }),
]);
export type ReadRequest = z.infer<typeof ReadRequest>;

/** §5.0: the answer to `POST /api/notifications/read`. */
export const ReadResponse = z.object({ unread: z.number().int().nonnegative() });
export type ReadResponse = z.infer<typeof ReadResponse>;

/**
 * §5.0: what a user muted. A muted notification is stored and audited but
 * sent to no socket and never unread; a critical announcement is never muted.
 */
export const Preferences = z.object({
  muted: z.object({
    types: z.array(EventType).max(50),
    groups: z.array(z.string().min(1).max(200)).max(1000),
  }),
});
export type Preferences = z.infer<typeof Preferences>;

export const NO_PREFERENCES: Preferences = { muted: { types: [], groups: [] } };

/** Whether `preferences` mute an event: by its type, or by the `groupId` of a group event; never a critical announcement. */
export function isMuted(preferences: Preferences, event: NotificationEvent): boolean {
  if (event.type === "system.announcement") {
    return event.data.severity !== "critical" && preferences.muted.types.includes(event.type);
  }
  if (preferences.muted.types.includes(event.type)) return true;
  return "groupId" in event.data && preferences.muted.groups.includes(event.data.groupId);
}
