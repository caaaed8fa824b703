import { z } from "zod";
import { eventUnion, type NotificationEvent } from "./events.ts";

export const DedupeKey = z.string().min(1).max(200);

/** What a publisher sends: an event, optionally overriding its ack default, optionally idempotent. */
export type PublishInput = NotificationEvent & { requiresAck?: boolean; dedupeKey?: string };
export const PublishInput = eventUnion<PublishInput>({
  requiresAck: z.boolean().optional(),
  dedupeKey: DedupeKey.optional(),
});

export const UserId = z.string().min(1).max(200);
export type UserId = z.infer<typeof UserId>;

export const PublishResult = z.object({
  id: z.uuid(),
  seq: z.number().int().positive(),
  delivered: z.number().int().nonnegative(),
  /** §5.0: the recipient muted it: stored, audited, sent to no socket. */
  muted: z.literal(true).optional(),
});
export type PublishResult = z.infer<typeof PublishResult>;

/**
 * The RPC surface of the per-user notifications Durable Object. The object
 * class `implements` it and callers type their stubs with it, so any drift
 * between the two fails to compile.
 */
export interface NotificationsRpc extends Rpc.DurableObjectBranded {
  publishNotification(userId: UserId, input: PublishInput): Promise<PublishResult>;
}

/**
 * Marks the error a publish fails with when its dedupeKey was already used
 * for a different notification (another type, data or requiresAck). RPC keeps
 * a thrown error's message, not its class, so callers recognise it by this.
 */
export const DEDUPE_CONFLICT = "dedupe_conflict";

export function dedupeConflictMessage(dedupeKey: string): string {
  return `${DEDUPE_CONFLICT}: dedupeKey ${JSON.stringify(dedupeKey.slice(0, 200))} was already used for a different notification`;
}

export function isDedupeConflict(error: unknown): boolean {
  return error instanceof Error && error.message.includes(`${DEDUPE_CONFLICT}:`);
}
